package dev.lorakit.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.lorakit.train.optim.AdamWConfig;
import dev.lorakit.train.optim.SgdConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One optimizer update over all-MiniLM-L6-v2-shaped parameters (22.7 M, full fine-tuning) and
 * over its LoRA adapters (r=8 on query and value), weight decay 0: lorakit's AdamW against
 * DJL's {@code Adam} and {@code AdamW} (the baseline), and lorakit's SGD with momentum against
 * DJL's {@code Sgd} with momentum, measured in the same run. Each row is the
 * median over runs of the mean time of 4 updates after 1 warm-up update.
 *
 * <p>{@code framework/bench/run OptimizerBenchmark [runs] [lora|full|all]} (defaults 5, all).
 */
public final class OptimizerBenchmark {

    private static final int HIDDEN = 384;
    private static final int FFN = 1536;
    private static final int LAYERS = 6;
    private static final int RANK = 8;
    private static final int WARMUP = 1;
    private static final int STEPS = 4;

    private OptimizerBenchmark() {}

    /** all-MiniLM-L6-v2's parameter shapes by Hugging Face name (also used by LearnerOverheadBenchmark). */
    static Map<String, Shape> fullShapes() {
        Map<String, Shape> s = new LinkedHashMap<>();
        s.put("embeddings.word_embeddings.weight", new Shape(30522, HIDDEN));
        s.put("embeddings.position_embeddings.weight", new Shape(512, HIDDEN));
        s.put("embeddings.token_type_embeddings.weight", new Shape(2, HIDDEN));
        s.put("embeddings.LayerNorm.weight", new Shape(HIDDEN));
        s.put("embeddings.LayerNorm.bias", new Shape(HIDDEN));
        for (int l = 0; l < LAYERS; l++) {
            String p = "encoder.layer." + l + ".";
            for (String m : new String[] {"attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"}) {
                s.put(p + m + ".weight", new Shape(HIDDEN, HIDDEN));
                s.put(p + m + ".bias", new Shape(HIDDEN));
            }
            s.put(p + "intermediate.dense.weight", new Shape(FFN, HIDDEN));
            s.put(p + "intermediate.dense.bias", new Shape(FFN));
            s.put(p + "output.dense.weight", new Shape(HIDDEN, FFN));
            s.put(p + "output.dense.bias", new Shape(HIDDEN));
            for (String n : new String[] {"attention.output.LayerNorm", "output.LayerNorm"}) {
                s.put(p + n + ".weight", new Shape(HIDDEN));
                s.put(p + n + ".bias", new Shape(HIDDEN));
            }
        }
        return s;
    }

    /** The LoRA adapters (r=8 on query and value) of MiniLM (also used by LearnerOverheadBenchmark). */
    static Map<String, Shape> loraShapes() {
        Map<String, Shape> s = new LinkedHashMap<>();
        for (int l = 0; l < LAYERS; l++) {
            for (String m : new String[] {"query", "value"}) {
                String p = "encoder.layer." + l + ".attention.self." + m;
                s.put(p + ".lora_A.default.weight", new Shape(RANK, HIDDEN));
                s.put(p + ".lora_B.default.weight", new Shape(HIDDEN, RANK));
            }
        }
        return s;
    }

    /** One way of applying an update to every weight. */
    private interface Updater {
        void update(Map<String, NDArray> weights, Map<String, NDArray> gradients);
    }

    private static Updater djl(Optimizer optimizer) {
        return (weights, gradients) -> weights.forEach((name, w) -> optimizer.update(name, w, gradients.get(name)));
    }

    private static double measure(NDManager root, Map<String, Shape> shapes, Supplier<Updater> updaters, int runs) {
        double[] perRun = new double[runs];
        for (int r = 0; r < runs; r++) {
            try (NDManager manager = root.newSubManager()) {
                Map<String, NDArray> weights = new LinkedHashMap<>();
                Map<String, NDArray> gradients = new LinkedHashMap<>();
                shapes.forEach((name, shape) -> {
                    weights.put(name, manager.randomNormal(shape));
                    gradients.put(name, manager.randomNormal(shape).mul(1e-3f));
                });
                Updater updater = updaters.get();
                for (int i = 0; i < WARMUP; i++) {
                    updater.update(weights, gradients);
                }
                long start = System.nanoTime();
                for (int i = 0; i < STEPS; i++) {
                    updater.update(weights, gradients);
                }
                // Force pending work: read one value back.
                weights.values().iterator().next().getFloat(0, 0);
                perRun[r] = (System.nanoTime() - start) / 1e6 / STEPS;
            }
        }
        Arrays.sort(perRun);
        return perRun[runs / 2];
    }

    /**
     * Runs the benchmark.
     *
     * @param args optional run count and parameter set
     */
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String which = args.length > 1 ? args[1] : "all";
        System.out.printf(Locale.ROOT, "median of %d runs, %d updates each, weight decay 0%n%n", runs, STEPS);
        System.out.println("| parameters | optimizer | ms/update | vs DJL AdamW |");
        System.out.println("| --- | --- | ---: | ---: |");
        try (NDManager root = NDManager.newBaseManager()) {
            List<Object[]> sets = new ArrayList<>();
            if (!which.equals("full")) {
                sets.add(new Object[] {"MiniLM LoRA q,v r=8 (74 k)", loraShapes()});
            }
            if (!which.equals("lora")) {
                sets.add(new Object[] {"MiniLM full (22.7 M)", fullShapes()});
            }
            List<Object[]> sgdSets = new ArrayList<>();
            for (Object[] set : sets) {
                @SuppressWarnings("unchecked")
                Map<String, Shape> shapes = (Map<String, Shape>) set[1];
                double djlAdamW = measure(root, shapes, () -> djl(Optimizer.adamW()
                        .optLearningRateTracker(Tracker.fixed(1e-3f)).optWeightDecays(0f).build()), runs);
                row(set[0], "DJL AdamW (baseline)", djlAdamW, djlAdamW);
                double djlAdam = measure(root, shapes, () -> djl(Optimizer.adam()
                        .optLearningRateTracker(Tracker.fixed(1e-3f)).build()), runs);
                row(set[0], "DJL Adam", djlAdam, djlAdamW);
                double lorakit = measure(root, shapes, () -> {
                    dev.lorakit.train.optim.Optimizer o = AdamWConfig.of(1e-3, null, null, 0.0).newOptimizer(root);
                    return (w, g) -> o.step(w, g, 1e-3);
                }, runs);
                row(set[0], "lorakit AdamW", lorakit, djlAdamW);
                sgdSets.add(new Object[] {set[0], shapes});
            }
            System.out.println();
            System.out.println("| parameters | optimizer | ms/update | vs DJL SGD |");
            System.out.println("| --- | --- | ---: | ---: |");
            for (Object[] set : sgdSets) {
                @SuppressWarnings("unchecked")
                Map<String, Shape> shapes = (Map<String, Shape>) set[1];
                double djlSgd = measure(root, shapes, () -> djl(Optimizer.sgd()
                        .setLearningRateTracker(Tracker.fixed(1e-3f)).optMomentum(0.9f).optWeightDecays(0f).build()), runs);
                row(set[0], "DJL SGD momentum 0.9 (baseline)", djlSgd, djlSgd);
                double lorakit = measure(root, shapes, () -> {
                    dev.lorakit.train.optim.Optimizer o = new SgdConfig(1e-3, 0.9, false, 0).newOptimizer(root);
                    return (w, g) -> o.step(w, g, 1e-3);
                }, runs);
                row(set[0], "lorakit SGD momentum 0.9", lorakit, djlSgd);
                double nesterov = measure(root, shapes, () -> {
                    dev.lorakit.train.optim.Optimizer o = new SgdConfig(1e-3, 0.9, true, 0.01).newOptimizer(root);
                    return (w, g) -> o.step(w, g, 1e-3);
                }, runs);
                row(set[0], "lorakit SGD Nesterov 0.9, weight decay 0.01", nesterov, djlSgd);
            }
        }
    }

    private static void row(Object set, String name, double ms, double baseline) {
        System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f× |%n", set, name, ms, ms / baseline);
        System.out.flush();
    }
}
