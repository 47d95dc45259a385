package dev.lorakit.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.lorakit.train.DefaultLearner;
import dev.lorakit.train.GradientNorm;
import dev.lorakit.train.optim.AdamWConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The learner's per-update work besides the optimizer: the global gradient norm (needed for
 * {@code train/grad_norm}, the non-finite guard and clipping) and zeroing the gradients, on
 * three parameter sets — the DQN MLP (4-120-84-2, 6 tensors), all-MiniLM-L6-v2's LoRA
 * adapters (r=8 on query and value, 24 tensors) and all of MiniLM (101 tensors, 22.7 M) — and,
 * for scale, a whole DQN learner step (batch 128: forward, backward, norm, AdamW, zeroing).
 *
 * <p>Zeroing "before" assigns 0 through an index ({@code set(..., 0)}), "now" subtracts each
 * finite gradient from itself (the learner still assigns after a non-finite gradient, where
 * {@code NaN - NaN} would stay NaN).
 *
 * <p>Norm "before" is the learner's code until session 2 ({@code square().sum()} per tensor
 * added up, read as float64: three engine calls per tensor, two for the read), "now" is {@link
 * GradientNorm#of} (one {@code norm} per tensor, one stack and norm, one read), as torch's
 * {@code clip_grad_norm_}. Both are timed in the same run, alternating.
 *
 * <p>{@code framework/bench/run LearnerOverheadBenchmark [runs]} (default 7): the median over
 * runs of the mean time per call, one intra-op thread unless {@code ai.djl.pytorch.num_threads}
 * is set; each norm row also gives its relative error against a float64 sum in Java.
 */
public final class LearnerOverheadBenchmark {

    private LearnerOverheadBenchmark() {}

    private static Map<String, Shape> dqn() {
        Map<String, Shape> s = new LinkedHashMap<>();
        s.put("0.weight", new Shape(120, 4));
        s.put("0.bias", new Shape(120));
        s.put("2.weight", new Shape(84, 120));
        s.put("2.bias", new Shape(84));
        s.put("4.weight", new Shape(2, 84));
        s.put("4.bias", new Shape(2));
        return s;
    }

    /** The learner's norm until session 2. */
    private static double sumOfSquares(List<NDArray> gradients) {
        NDArray total = null;
        for (NDArray g : gradients) {
            NDArray squares = g.square().sum();
            total = total == null ? squares : total.addi(squares);
        }
        return Math.sqrt(total.toType(DataType.FLOAT64, false).getDouble());
    }

    /** Zeroing until session 2, and still after a non-finite gradient: assignment. */
    private static double zeroByAssignment(List<NDArray> gradients) {
        NDIndex all = new NDIndex("...");
        for (NDArray g : gradients) {
            g.set(all, 0);
        }
        return 0;
    }

    /** Zeroing of finite gradients now: {@code g -= g}, one engine call per tensor. */
    private static double zeroBySubtraction(List<NDArray> gradients) {
        for (NDArray g : gradients) {
            g.subi(g);
        }
        return 0;
    }

    /** Mean milliseconds per call of {@code work} over {@code calls} calls, in a scope. */
    private static double time(List<NDArray> gradients, ToDoubleFunction<List<NDArray>> work, int calls) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            work.applyAsDouble(gradients); // warm-up
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                work.applyAsDouble(gradients);
            }
            return (System.nanoTime() - start) / 1e6 / calls;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double dqnStep(NDManager root, int calls) {
        try (NDManager manager = root.newSubManager()) {
            SequentialBlock mlp = new SequentialBlock()
                    .add(Linear.builder().setUnits(120).build())
                    .add(Activation::relu)
                    .add(Linear.builder().setUnits(84).build())
                    .add(Activation::relu)
                    .add(Linear.builder().setUnits(2).build());
            mlp.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
            NDArray x = manager.randomNormal(new Shape(128, 4));
            NDArray y = manager.randomNormal(new Shape(128, 2));
            try (DefaultLearner learner = DefaultLearner.builder()
                    .setModel(mlp)
                    .setOptimizer(AdamWConfig.of(1e-4, null, null, 0.0).newOptimizer(manager))
                    .optGradClipNorm(10)
                    .setSeed(1)
                    .build()) {
                learner.step(f -> f.apply(new NDList(x)).head().sub(y).square().mean());
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    learner.step(f -> f.apply(new NDList(x)).head().sub(y).square().mean());
                }
                return (System.nanoTime() - start) / 1e6 / calls;
            }
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param args optional run count
     */
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        // A DQN-sized network runs best on one intra-op thread (docs/BENCHMARKS.md, DQN section);
        // on a loaded machine two threads make a step two orders of magnitude slower.
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        System.out.printf(Locale.ROOT, "median of %d runs, ai.djl.pytorch.num_threads=%s; relative errors against a float64 sum%n%n",
                runs, System.getProperty("ai.djl.pytorch.num_threads"));
        System.out.println("| parameters | work | ms/call | vs norm before |");
        System.out.println("| --- | --- | ---: | ---: |");
        try (NDManager root = NDManager.newBaseManager()) {
            Object[][] sets = {
                {"DQN MLP (6 tensors, 10.8 k)", dqn(), 2000},
                {"MiniLM LoRA q,v r=8 (24 tensors, 74 k)", OptimizerBenchmark.loraShapes(), 1000},
                {"MiniLM full (101 tensors, 22.7 M)", OptimizerBenchmark.fullShapes(), 5},
            };
            for (Object[] set : sets) {
                @SuppressWarnings("unchecked")
                Map<String, Shape> shapes = (Map<String, Shape>) set[1];
                int calls = (Integer) set[2];
                double errorBefore;
                double errorNow;
                double[] before = new double[runs];
                double[] now = new double[runs];
                double[] assigning = new double[runs];
                double[] subtracting = new double[runs];
                try (NDManager manager = root.newSubManager()) {
                    List<NDArray> gradients = new ArrayList<>();
                    shapes.values().forEach(shape -> gradients.add(manager.randomNormal(shape)));
                    double exact = 0;
                    for (NDArray g : gradients) {
                        for (float v : g.toFloatArray()) {
                            exact += (double) v * v;
                        }
                    }
                    exact = Math.sqrt(exact);
                    errorBefore = Math.abs(sumOfSquares(gradients) - exact) / exact;
                    errorNow = Math.abs(GradientNorm.of(gradients) - exact) / exact;
                    for (int r = 0; r < runs; r++) {
                        before[r] = time(gradients, LearnerOverheadBenchmark::sumOfSquares, calls);
                        now[r] = time(gradients, GradientNorm::of, calls);
                        assigning[r] = time(gradients, LearnerOverheadBenchmark::zeroByAssignment, calls);
                        subtracting[r] = time(gradients, LearnerOverheadBenchmark::zeroBySubtraction, calls);
                    }
                }
                double base = median(before);
                row(set[0], String.format(Locale.ROOT, "global norm, before (square+sum+add per tensor; rel. error %.1e)", errorBefore), base, base);
                row(set[0], String.format(Locale.ROOT, "global norm, now (GradientNorm.of; rel. error %.1e)", errorNow), median(now), base);
                row(set[0], "zero gradients, before (assignment)", median(assigning), base);
                row(set[0], "zero gradients, now (g -= g)", median(subtracting), base);
                if (shapes.size() == 6) {
                    double[] steps = new double[runs];
                    for (int r = 0; r < runs; r++) {
                        steps[r] = dqnStep(root, 200);
                    }
                    row(set[0], "whole learner step, batch 128, AdamW (now)", median(steps), base);
                }
            }
        }
    }

    private static void row(Object set, String work, double ms, double baseline) {
        System.out.printf(Locale.ROOT, "| %s | %s | %.4f | %.2f× |%n", set, work, ms, ms / baseline);
        System.out.flush();
    }
}
