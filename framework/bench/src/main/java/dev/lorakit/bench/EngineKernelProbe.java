package dev.lorakit.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.GradientCollector;
import dev.lorakit.lora.nn.ParallelDropout;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The engine kernels that {@code framework/engine-env.sh} and {@link ParallelDropout} change, at
 * MiniLM's training shapes (batch 32 x 64 tokens), timed in this process's environment: an fp32
 * matrix product 2048x384 by 384x384 (MKL sgemm, which the AMD shim changes), GELU forward +
 * backward on (32, 64, 1536) (a oneDNN kernel, which {@code ONEDNN_MAX_CPU_ISA} changes), and the
 * attention dropout of one layer, (32, 12, 64, 64) at rate 0.1, by libtorch and by {@link
 * ParallelDropout}. Prints one Markdown row: {@code ONEDNN_MAX_CPU_ISA}, whether the MKL shim is
 * preloaded, then the median milliseconds of each.
 *
 * <p>{@code ONEDNN_MAX_CPU_ISA=SSE41 LORAKIT_MKL_INTEL_PATH=0 framework/bench/run EngineKernelProbe
 * [reps=30]}, and again with the other settings, to compare them.
 */
public final class EngineKernelProbe {

    private static final int WARMUP = 5;

    private EngineKernelProbe() {}

    /**
     * Runs the probe.
     *
     * @param args optional repetitions per kernel
     */
    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2048, 384));
            NDArray w = m.randomNormal(new Shape(384, 384));
            NDArray ffn = m.randomNormal(new Shape(32, 64, 1536));
            ffn.setRequiresGradient(true);
            NDArray probs = m.randomUniform(0, 1, new Shape(32, 12, 64, 64));
            double matmul = median(m, reps, s -> timed(() -> x.matMul(w.transpose()), s));
            double gelu = median(m, reps, s -> {
                // Forward and backward of GELU only: not the collector's set-up nor the sum.
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    long t0 = System.nanoTime();
                    NDArray y = Activation.gelu(ffn);
                    double forward = (System.nanoTime() - t0) / 1e6;
                    y.attach(s);
                    NDArray loss = y.sum();
                    loss.attach(s);
                    long t1 = System.nanoTime();
                    c.backward(loss);
                    return forward + (System.nanoTime() - t1) / 1e6;
                }
            });
            double engineDropout = median(m, reps, s -> timed(() -> Dropout.dropout(probs, 0.1f, true).singletonOrThrow(), s));
            double parallelDropout = median(m, reps, s -> timed(() -> ParallelDropout.apply(probs, 0.1f, true), s));
            System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %.2f |%n",
                    env("ONEDNN_MAX_CPU_ISA"), env("LD_PRELOAD").contains("mkl_intel_cpu") ? "yes" : "no",
                    matmul, gelu, engineDropout, parallelDropout);
        }
    }

    /** Median of {@code run}'s milliseconds, each run given a fresh sub-manager of {@code m}, closed after it. */
    private static double median(NDManager m, int reps, ToDoubleFunction<NDManager> run) {
        double[] ms = new double[reps];
        for (int i = -WARMUP; i < reps; i++) {
            try (NDManager s = m.newSubManager()) {
                double t = run.applyAsDouble(s);
                if (i >= 0) {
                    ms[i] = t;
                }
            }
        }
        Arrays.sort(ms);
        return ms[reps / 2];
    }

    /**
     * Wall milliseconds of {@code op} (libtorch runs CPU operations synchronously, so the call's
     * time is the kernels'); its result is attached to {@code s} so that it is freed with it.
     */
    private static double timed(Supplier<NDArray> op, NDManager s) {
        long t0 = System.nanoTime();
        NDArray out = op.get();
        double ms = (System.nanoTime() - t0) / 1e6;
        out.attach(s);
        return ms;
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "(unset)" : v;
    }
}
