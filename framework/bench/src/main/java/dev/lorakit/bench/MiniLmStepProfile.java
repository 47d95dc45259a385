package dev.lorakit.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.train.DefaultLearner;
import dev.lorakit.train.optim.AdamWConfig;
import dev.lorakit.zoo.bert.BertClassifier;
import dev.lorakit.zoo.onnx.MiniLmArtifact;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Where a MiniLM training step spends its time: forward (+ loss), reading the loss, backward,
 * the global gradient norm, the optimizer update and gradient zeroing, each the median over
 * the timed steps; then the whole step through {@link DefaultLearner} and, as the baseline, a
 * minimal plain-DJL loop on the same model (gradient collector, backward, DJL's {@code Adam}
 * per parameter, nothing else), in the same JVM. Times are process CPU time (all engine threads),
 * which other processes' load disturbs far less than wall time; run it with
 * {@code BENCH_JAVA_OPTS="-Xmx8g -Dai.djl.pytorch.num_threads=1"} so that idle engine threads
 * spinning do not count.
 *
 * <p>{@code framework/bench/run MiniLmStepProfile [lora|full] [timedSteps=8] [warmupSteps=2]}.
 * Same shape as {@link TextBackboneBenchmark}: batch 32 x 64 tokens, hidden dropout 0.1,
 * lr 1e-3, LoRA r=8 on query/value with the head trained.
 */
public final class MiniLmStepProfile {

    private static final int BATCH = 32;
    private static final int LENGTH = 64;
    private static final String[] PHASES = {
        "forward+loss", "loss read", "backward", "grad norm", "optimizer", "zero grads"
    };

    private MiniLmStepProfile() {}

    /**
     * Runs the profile.
     *
     * @param args mode, timed and warm-up step counts
     * @throws IOException if MiniLM cannot be read
     */
    public static void main(String[] args) throws IOException {
        boolean lora = !(args.length > 0 && args[0].equals("full"));
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        MiniLmArtifact minilm = MiniLmArtifact.fromClasspath();
        Random random = new Random(0);
        long[][] ids = new long[BATCH][LENGTH];
        long[][] mask = new long[BATCH][LENGTH];
        float[] labels = new float[BATCH];
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < LENGTH; t++) {
                ids[b][t] = 1000 + random.nextInt(29000);
                mask[b][t] = 1;
            }
            labels[b] = random.nextInt(2);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            BertClassifier clf = BertClassifier.builder()
                    .setEncoder(minilm.loadEncoder(manager)).setNumLabels(2).build();
            clf.initialize(manager, DataType.FLOAT32, new Shape(BATCH, LENGTH), new Shape(BATCH, LENGTH));
            if (lora) {
                LoraModel.builder().setBlock(clf)
                        .setConfig(LoraConfig.of("query", "value").withR(8).withAlpha(16).withModulesToSave("classifier"))
                        .optSeed(0).build();
            }
            Map<String, NDArray> weights = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : ModuleTree.namedParameters(clf).entrySet()) {
                if (e.getValue().requiresGradient()) {
                    weights.put(e.getKey(), e.getValue().getArray());
                }
            }
            Loss loss = Loss.softmaxCrossEntropyLoss();
            ParameterStore ps = new ParameterStore(manager, false);
            System.out.printf(Locale.ROOT, "MiniLM %s, batch %d x %d, %d timed steps after %d warm-up, %d trainable tensors%n%n",
                    lora ? "LoRA r=8 q,v" : "full", BATCH, LENGTH, steps, warmup, weights.size());

            double[][] phases = new double[PHASES.length][steps];
            double[] phaseTotal = new double[steps];
            double[] learnerStep = new double[steps];
            double[] plain = new double[steps];
            try (dev.lorakit.train.optim.Optimizer adamw = AdamWConfig.defaults().newOptimizer(manager);
                    DefaultLearner learner = DefaultLearner.builder().setModel(clf)
                            .setOptimizer(AdamWConfig.defaults().newOptimizer(manager)).setSeed(0).build()) {
                Optimizer djlAdam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
                for (int i = 0; i < warmup + steps; i++) {
                    // Alternate the three loops within each step index so drift hits all alike.
                    double[] t = phased(clf, ps, loss, adamw, weights, manager, ids, mask, labels);
                    double l = timed(manager, ids, mask, labels, (in, y) ->
                            learner.step(fwd -> loss.evaluate(new NDList(y), fwd.apply(in))));
                    double p = timed(manager, ids, mask, labels, (in, y) -> plainDjlStep(clf, ps, loss, djlAdam, weights, in, y));
                    if (i >= warmup) {
                        for (int k = 0; k < PHASES.length; k++) {
                            phases[k][i - warmup] = t[k];
                            phaseTotal[i - warmup] += t[k];
                        }
                        learnerStep[i - warmup] = l;
                        plain[i - warmup] = p;
                    }
                }
            }
            double plainMedian = median(plain);
            System.out.println("| phase (lorakit, DefaultLearner's operations) | median process CPU (ms) |");
            System.out.println("| --- | ---: |");
            for (int k = 0; k < PHASES.length; k++) {
                System.out.printf(Locale.ROOT, "| %s | %.1f |%n", PHASES[k], median(phases[k]));
            }
            System.out.printf(Locale.ROOT, "| sum of phases | %.1f |%n%n", median(phaseTotal));
            System.out.println("| loop | step median process CPU (ms) | vs plain DJL |");
            System.out.println("| --- | ---: | ---: |");
            System.out.printf(Locale.ROOT, "| plain DJL (collector, backward, DJL Adam) (baseline) | %.1f | 1.00x |%n", plainMedian);
            System.out.printf(Locale.ROOT, "| lorakit DefaultLearner.step | %.1f | %.2fx |%n",
                    median(learnerStep), median(learnerStep) / plainMedian);
        }
    }

    /** One training step on the batch, given as arrays of the step's own manager. */
    private interface StepBody {
        void run(NDList inputs, NDArray labels);
    }

    private static double timed(NDManager manager, long[][] ids, long[][] mask, float[] labels, StepBody body) {
        try (NDManager step = manager.newSubManager()) {
            NDList in = new NDList(step.create(ids), step.create(mask));
            NDArray y = step.create(labels);
            long c0 = cpuNanos();
            body.run(in, y);
            return (cpuNanos() - c0) / 1e6;
        }
    }

    private static void plainDjlStep(BertClassifier clf, ParameterStore ps, Loss loss, Optimizer adam,
            Map<String, NDArray> weights, NDList in, NDArray y) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.evaluate(new NDList(y), clf.forward(ps, in, true));
            collector.backward(l);
        }
        // DJL's Adam zeroes each gradient inside its fused update.
        weights.forEach((name, w) -> adam.update(name, w, w.getGradient()));
    }

    /** The learner's operations one by one, timed: returns one duration (ms) per phase. */
    private static double[] phased(BertClassifier clf, ParameterStore ps, Loss loss,
            dev.lorakit.train.optim.Optimizer adamw, Map<String, NDArray> weights, NDManager manager,
            long[][] ids, long[][] mask, float[] labels) {
        double[] t = new double[PHASES.length];
        try (NDManager step = manager.newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDList in = new NDList(step.create(ids), step.create(mask));
            NDArray y = step.create(labels);
            long t0 = cpuNanos();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss.evaluate(new NDList(y), clf.forward(ps, in, true));
                long t1 = cpuNanos();
                l.toType(DataType.FLOAT64, false).getDouble();
                long t2 = cpuNanos();
                collector.backward(l);
                long t3 = cpuNanos();
                t[0] = (t1 - t0) / 1e6;
                t[1] = (t2 - t1) / 1e6;
                t[2] = (t3 - t2) / 1e6;
            }
            long t4 = cpuNanos();
            Map<String, NDArray> gradients = new LinkedHashMap<>();
            weights.forEach((name, w) -> gradients.put(name, w.getGradient()));
            NDArray total = null;
            for (NDArray g : gradients.values()) {
                NDArray sq = g.square().sum();
                total = total == null ? sq : total.addi(sq);
            }
            total.getFloat();
            long t5 = cpuNanos();
            adamw.step(weights, gradients, 1e-3);
            long t6 = cpuNanos();
            ai.djl.ndarray.index.NDIndex all = new ai.djl.ndarray.index.NDIndex("...");
            for (NDArray g : gradients.values()) {
                g.set(all, 0);
            }
            long t7 = cpuNanos();
            t[3] = (t5 - t4) / 1e6;
            t[4] = (t6 - t5) / 1e6;
            t[5] = (t7 - t6) / 1e6;
        }
        return t;
    }

    /** CPU time of the whole process (all engine threads): robust to other processes' load. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
