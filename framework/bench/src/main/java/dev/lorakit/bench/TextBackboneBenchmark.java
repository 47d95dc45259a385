package dev.lorakit.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.train.DefaultLearner;
import dev.lorakit.train.optim.AdamWConfig;
import dev.lorakit.zoo.bert.BertClassifier;
import dev.lorakit.zoo.onnx.MiniLmArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Fine-tuning cost of the real all-MiniLM-L6-v2 with a 2-class head: training step time and peak
 * resident memory of LoRA (r=8, alpha=16, targets query/value, head trained) against full
 * fine-tuning, AdamW, batch 32 x 64 tokens, hidden dropout 0.1, measured in one run through the
 * shared {@link DefaultLearner}; then inference latency of the same batch for the base model,
 * the model with unmerged adapters and with merged adapters.
 *
 * <p>{@code framework/bench/run TextBackboneBenchmark [timedSteps] [warmupSteps]} (defaults 10
 * and 3). Token ids are drawn uniformly from the WordPiece vocabulary with a fixed seed (the
 * step cost depends on shapes, not on which tokens).
 */
public final class TextBackboneBenchmark {

    private static final int BATCH = 32;
    private static final int LENGTH = 64;

    private TextBackboneBenchmark() {}

    /** Step-time and memory figures of one training mode. */
    private record Training(double medianMs, double minMs, double maxMs, long peakRssMb, long trainable) {}

    /**
     * Runs the benchmark.
     *
     * @param args optional timed and warm-up step counts
     * @throws IOException if MiniLM cannot be read
     */
    public static void main(String[] args) throws IOException {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
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
            ids[b][0] = 101;
            ids[b][LENGTH - 1] = 102;
            labels[b] = random.nextInt(2);
        }
        System.out.printf(Locale.ROOT,
                "all-MiniLM-L6-v2 + 2-class head, batch %d x %d tokens, AdamW lr 1e-3, %d timed steps after %d warm-up, %d intra-op threads%n%n",
                BATCH, LENGTH, steps, warmup, Runtime.getRuntime().availableProcessors());
        double[] inference = new double[3];
        Training lora = train(minilm, true, ids, mask, labels, steps, warmup, inference);
        Training full = train(minilm, false, ids, mask, labels, steps, warmup, null);
        System.out.println("| mode | step median (ms) | min | max | vs full | peak RSS (MB) | trainable params |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        row("full fine-tuning (baseline)", full, full);
        row("LoRA r=8 query,value + head", lora, full);
        System.out.println();
        System.out.println("| inference, batch 32 x 64 | median (ms) | vs base |");
        System.out.println("| --- | ---: | ---: |");
        String[] names = {"base (no adapters)", "LoRA unmerged", "LoRA merged"};
        for (int i = 0; i < 3; i++) {
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.2fx |%n", names[i], inference[i], inference[i] / inference[0]);
        }
    }

    private static void row(String name, Training t, Training base) {
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.2fx | %d | %,d |%n",
                name, t.medianMs, t.minMs, t.maxMs, t.medianMs / base.medianMs, t.peakRssMb, t.trainable);
    }

    private static Training train(MiniLmArtifact minilm, boolean useLora, long[][] ids, long[][] mask,
            float[] labels, int steps, int warmup, double[] inference) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            BertClassifier clf = BertClassifier.builder()
                    .setEncoder(minilm.loadEncoder(manager)).setNumLabels(2).build();
            clf.initialize(manager, DataType.FLOAT32, new Shape(BATCH, LENGTH), new Shape(BATCH, LENGTH));
            LoraModel lora = null;
            if (useLora) {
                inference[0] = inferenceMs(clf, manager, ids, mask);
                lora = LoraModel.builder().setBlock(clf)
                        .setConfig(LoraConfig.of("query", "value").withR(8).withAlpha(16).withModulesToSave("classifier"))
                        .optSeed(0).build();
            }
            long trainable = clf.getParameters().values().stream()
                    .filter(p -> p.requiresGradient()).mapToLong(p -> p.getArray().size()).sum();
            double[] times = new double[steps];
            long peak = 0;
            try (DefaultLearner learner = DefaultLearner.builder().setModel(clf)
                    .setOptimizer(AdamWConfig.defaults().newOptimizer(manager)).setSeed(0).build()) {
                Loss loss = Loss.softmaxCrossEntropyLoss();
                for (int i = 0; i < warmup + steps; i++) {
                    try (NDManager step = manager.newSubManager()) {
                        NDList in = new NDList(step.create(ids), step.create(mask));
                        NDArray y = step.create(labels);
                        long t0 = System.nanoTime();
                        learner.step(fwd -> loss.evaluate(new NDList(y), fwd.apply(in)));
                        double ms = (System.nanoTime() - t0) / 1e6;
                        if (i >= warmup) {
                            times[i - warmup] = ms;
                            peak = Math.max(peak, rssMb());
                        }
                    }
                }
            }
            if (useLora) {
                inference[1] = inferenceMs(clf, manager, ids, mask);
                lora.merge();
                inference[2] = inferenceMs(clf, manager, ids, mask);
            }
            double[] sorted = times.clone();
            Arrays.sort(sorted);
            return new Training(median(sorted), sorted[0], sorted[sorted.length - 1], peak, trainable);
        }
    }

    private static double inferenceMs(BertClassifier clf, NDManager manager, long[][] ids, long[][] mask) {
        double[] t = new double[12];
        for (int i = 0; i < t.length + 3; i++) {
            try (NDManager step = manager.newSubManager()) {
                NDList in = new NDList(step.create(ids), step.create(mask));
                long t0 = System.nanoTime();
                clf.forward(new ParameterStore(step, false), in, false).head().toFloatArray();
                if (i >= 3) {
                    t[i - 3] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        Arrays.sort(t);
        return median(t);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Resident set size of this process (Linux), in MB. */
    private static long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
