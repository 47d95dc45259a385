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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Fine-tuning cost of the real all-MiniLM-L6-v2 with a 2-class head: training step time and peak
 * resident memory of LoRA (r=8, alpha=16, targets query/value, head trained) against full
 * fine-tuning, AdamW, batch 32 x 64 tokens, hidden dropout 0.1, through the shared {@link
 * DefaultLearner}; then inference latency of the same batch for the base model, the model with
 * unmerged adapters and with merged adapters.
 *
 * <p>{@code framework/bench/run TextBackboneBenchmark [runs=5] [timedSteps=8] [warmupSteps=5]
 * [inferenceRounds=10]}. Five warm-up steps because a fresh JVM's first ~5 steps still page-fault
 * their activation buffers in (glibc's dynamic mmap threshold settles only then).
 * Each run starts one JVM per training mode, one after the other, LoRA first in even runs and
 * full first in odd ones, so that each mode's peak RSS (the JVM's high-water mark) is its own and
 * both modes of a run see the same machine state; the LoRA/full ratio is taken per run. A third
 * JVM per run times inference: the three variants are measured round-robin (one forward each
 * per round), in an order that rotates from run to run ({@code inferenceRounds=0} skips it).
 * Token ids are drawn uniformly from the WordPiece vocabulary with a fixed seed (the cost
 * depends on shapes, not on which tokens).
 *
 * <p>Baseline in the same run: right after each run's two JVMs, the same two modes in the same
 * order on Hugging Face PEFT + PyTorch ({@link PeftBaseline}, 2 threads, same weights, head,
 * dropout, optimizer and batch), one Python process per mode; lorakit / PEFT is taken per run,
 * on wall time and on process CPU time (which other processes' load disturbs less). When
 * Python lacks torch, transformers or peft the baseline is skipped with a message.
 */
public final class TextBackboneBenchmark {

    private static final int BATCH = 32;
    private static final int LENGTH = 64;
    private static final String CHILD = "--child";
    private static final String[] VARIANTS = {"base", "unmerged", "merged"};
    private static final int[][] ORDERS = {{0, 1, 2}, {1, 2, 0}, {2, 0, 1}, {0, 2, 1}, {2, 1, 0}, {1, 0, 2}};

    private TextBackboneBenchmark() {}

    /**
     * Runs the benchmark (or, with {@code --child}, one of its measuring JVMs).
     *
     * @param args optional runs, timed and warm-up step counts
     * @throws Exception if MiniLM cannot be read or a child JVM fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(CHILD)) {
            child(args);
            return;
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        System.out.printf(Locale.ROOT,
                "all-MiniLM-L6-v2 + 2-class head, batch %d x %d tokens, AdamW lr 1e-3, %d runs of %d timed steps after %d warm-up per mode, inference %d rounds after 1, %d cores%n%n",
                BATCH, LENGTH, runs, steps, warmup, rounds, Runtime.getRuntime().availableProcessors());
        Path folder = Files.createTempDirectory("minilm-hf");
        try {
            PeftBaseline peft = PeftBaseline.prepare(MiniLmArtifact.fromClasspath(), folder);
            measure(runs, steps, warmup, rounds, peft);
        } finally {
            try (var files = Files.walk(folder)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void measure(int runs, int steps, int warmup, int rounds, PeftBaseline peft)
            throws IOException, InterruptedException {
        List<double[]> training = new ArrayList<>();
        List<double[]> baseline = new ArrayList<>();
        List<double[]> inference = new ArrayList<>();
        StringBuilder trainingRows = new StringBuilder();
        StringBuilder baselineRows = new StringBuilder();
        StringBuilder inferenceRows = new StringBuilder();
        long trainableLora = 0;
        long trainableFull = 0;
        String s = Integer.toString(steps);
        String w = Integer.toString(warmup);
        for (int r = 0; r < runs; r++) {
            boolean loraFirst = r % 2 == 0;
            Map<String, Double> first = spawn("train", loraFirst ? "lora" : "full", s, w);
            Map<String, Double> second = spawn("train", loraFirst ? "full" : "lora", s, w);
            Map<String, Double> lora = loraFirst ? first : second;
            Map<String, Double> full = loraFirst ? second : first;
            trainableLora = lora.get("trainable").longValue();
            trainableFull = full.get("trainable").longValue();
            double[] t = {lora.get("median_ms"), full.get("median_ms"), lora.get("median_ms") / full.get("median_ms"),
                lora.get("peak_rss_mb"), full.get("peak_rss_mb")};
            training.add(t);
            trainingRows.append(String.format(Locale.ROOT, "| %d | %s | %.0f | %.0f | %.2fx | %.0f | %.0f |%n",
                    r + 1, loraFirst ? "LoRA, full" : "full, LoRA", t[0], t[1], t[2], t[3], t[4]));
            System.out.print("training " + trainingRows.substring(trainingRows.lastIndexOf("| " + (r + 1) + " |")));
            if (peft != null) {
                // Same order as this run's JVMs, right after them, so both sides see a similar machine.
                Map<String, Double> pFirst = peft.step(loraFirst ? "lora" : "full", steps, warmup);
                Map<String, Double> pSecond = peft.step(loraFirst ? "full" : "lora", steps, warmup);
                Map<String, Double> pLora = loraFirst ? pFirst : pSecond;
                Map<String, Double> pFull = loraFirst ? pSecond : pFirst;
                // And PEFT's LoRA step as its users run it, without lorakit's engine environment.
                Map<String, Double> pInstalled = peft.stepAsInstalled("lora", steps, warmup);
                double[] b = {pLora.get("median_ms"), pFull.get("median_ms"),
                    t[0] / pLora.get("median_ms"), t[1] / pFull.get("median_ms"),
                    lora.get("median_cpu_ms") / pLora.get("median_cpu_ms"), full.get("median_cpu_ms") / pFull.get("median_cpu_ms"),
                    pLora.get("peak_rss_mb"), pFull.get("peak_rss_mb"),
                    pInstalled.get("median_ms"), t[0] / pInstalled.get("median_ms")};
                baseline.add(b);
                baselineRows.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.2fx | %.2fx | %.2fx | %.2fx | %.0f | %.0f | %.0f | %.2fx |%n",
                        r + 1, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9]));
                System.out.print("peft " + baselineRows.substring(baselineRows.lastIndexOf("| " + (r + 1) + " |")));
            }
            if (rounds > 0) {
                int[] order = ORDERS[r % ORDERS.length];
                Map<String, Double> inf = spawn("infer", orderString(order), Integer.toString(rounds));
                double[] i = {inf.get("base"), inf.get("unmerged"), inf.get("merged")};
                inference.add(i);
                inferenceRows.append(String.format(Locale.ROOT, "| %d | %s | %.1f | %.1f | %.1f | %.2fx | %.2fx |%n",
                        r + 1, orderNames(order), i[0], i[1], i[2], i[1] / i[0], i[2] / i[0]));
                System.out.print("inference " + inferenceRows.substring(inferenceRows.lastIndexOf("| " + (r + 1) + " |")));
            }
            // Each run's rows as soon as they exist, so that an interrupted benchmark still reports.
            System.out.flush();
        }
        System.out.printf(Locale.ROOT, "%nTrainable parameters: LoRA %,d, full %,d.%n%n", trainableLora, trainableFull);
        System.out.println("| run | JVM order | LoRA step median (ms) | full step median (ms) | LoRA / full | LoRA peak RSS (MB) | full peak RSS (MB) |");
        System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        System.out.print(trainingRows);
        System.out.printf(Locale.ROOT, "| **median** | | **%.0f** | **%.0f** | **%.2fx** | **%.0f** | **%.0f** |%n%n",
                column(training, 0), column(training, 1), column(training, 2), column(training, 3), column(training, 4));
        if (peft != null) {
            System.out.println("| run | PEFT LoRA step (ms) | PEFT full step (ms) | lorakit / PEFT, LoRA | lorakit / PEFT, full | CPU time lorakit / PEFT, LoRA | CPU time lorakit / PEFT, full | PEFT LoRA peak RSS (MB) | PEFT full peak RSS (MB) | PEFT LoRA as installed (ms) | lorakit / PEFT as installed, LoRA |");
            System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            System.out.print(baselineRows);
            System.out.printf(Locale.ROOT, "| **median** | **%.0f** | **%.0f** | **%.2fx** | **%.2fx** | **%.2fx** | **%.2fx** | **%.0f** | **%.0f** | **%.0f** | **%.2fx** |%n%n",
                    column(baseline, 0), column(baseline, 1), column(baseline, 2), column(baseline, 3),
                    column(baseline, 4), column(baseline, 5), column(baseline, 6), column(baseline, 7),
                    column(baseline, 8), column(baseline, 9));
        }
        if (rounds == 0) {
            return;
        }
        System.out.printf(Locale.ROOT, "| run | order within rounds | base (ms) | LoRA unmerged (ms) | LoRA merged (ms) | unmerged / base | merged / base |%n");
        System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        System.out.print(inferenceRows);
        List<double[]> ratios = new ArrayList<>();
        for (double[] i : inference) {
            ratios.add(new double[] {i[1] / i[0], i[2] / i[0]});
        }
        System.out.printf(Locale.ROOT, "| **median** | | **%.1f** | **%.1f** | **%.1f** | **%.2fx** | **%.2fx** |%n",
                column(inference, 0), column(inference, 1), column(inference, 2), column(ratios, 0), column(ratios, 1));
    }

    private static String orderString(int[] order) {
        StringBuilder s = new StringBuilder();
        for (int i : order) {
            s.append(i);
        }
        return s.toString();
    }

    private static String orderNames(int[] order) {
        List<String> names = new ArrayList<>();
        for (int i : order) {
            names.add(VARIANTS[i]);
        }
        return String.join(", ", names);
    }

    private static double column(List<double[]> rows, int c) {
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rows.get(i)[c];
        }
        Arrays.sort(v);
        return median(v);
    }

    /** Runs one measuring JVM with this JVM's command line and reads its {@code RESULT} line. */
    private static Map<String, Double> spawn(String... childArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TextBackboneBenchmark.class.getName());
        command.add(CHILD);
        command.addAll(List.of(childArgs));
        return ChildProcess.run(command);
    }

    private static void child(String[] args) throws IOException {
        MiniLmArtifact minilm = MiniLmArtifact.fromClasspath();
        Batch batch = new Batch();
        if (args[1].equals("train")) {
            boolean lora = args[2].equals("lora");
            int steps = Integer.parseInt(args[3]);
            int warmup = Integer.parseInt(args[4]);
            double[] times = new double[steps];
            double[] cpuTimes = new double[steps];
            long trainable;
            try (NDManager manager = NDManager.newBaseManager()) {
                BertClassifier clf = classifier(minilm, manager);
                if (lora) {
                    addLora(clf);
                }
                trainable = clf.getParameters().values().stream()
                        .filter(p -> p.requiresGradient()).mapToLong(p -> p.getArray().size()).sum();
                try (DefaultLearner learner = DefaultLearner.builder().setModel(clf)
                        .setOptimizer(AdamWConfig.defaults().newOptimizer(manager)).setSeed(0).build()) {
                    Loss loss = Loss.softmaxCrossEntropyLoss();
                    for (int i = 0; i < warmup + steps; i++) {
                        try (NDManager step = manager.newSubManager()) {
                            NDList in = batch.inputs(step);
                            NDArray y = step.create(batch.labels);
                            long t0 = System.nanoTime();
                            long c0 = MiniLmStepProfile.cpuNanos();
                            learner.step(fwd -> loss.evaluate(new NDList(y), fwd.apply(in)));
                            if (i >= warmup) {
                                times[i - warmup] = (System.nanoTime() - t0) / 1e6;
                                cpuTimes[i - warmup] = (MiniLmStepProfile.cpuNanos() - c0) / 1e6;
                            }
                        }
                    }
                }
            }
            Arrays.sort(times);
            Arrays.sort(cpuTimes);
            System.out.printf(Locale.ROOT, "RESULT median_ms=%.3f median_cpu_ms=%.3f peak_rss_mb=%d trainable=%d%n",
                    median(times), median(cpuTimes), peakRssMb(), trainable);
            return;
        }
        int[] order = args[2].chars().map(c -> c - '0').toArray();
        int rounds = Integer.parseInt(args[3]);
        try (NDManager manager = NDManager.newBaseManager()) {
            BertClassifier base = classifier(minilm, manager);
            BertClassifier adapted = classifier(minilm, manager);
            LoraModel lora = addLora(adapted);
            // Random B so that merging changes the weights as a trained adapter would.
            lora.loraLayers().values().forEach(l -> l.adapters().names().forEach(n -> {
                NDArray b = l.adapters().b(n).getArray();
                b.getManager().randomNormal(0, 0.02f, b.getShape(), b.getDataType()).copyTo(b);
            }));
            double[][] times = new double[3][rounds];
            for (int round = -1; round < rounds; round++) {
                for (int variant : order) {
                    BertClassifier model = variant == 0 ? base : adapted;
                    if (variant == 2) {
                        lora.merge();
                    }
                    double ms = forwardMs(model, manager, batch);
                    if (variant == 2) {
                        lora.unmerge();
                    }
                    if (round >= 0) {
                        times[variant][round] = ms;
                    }
                }
            }
            for (double[] t : times) {
                Arrays.sort(t);
            }
            System.out.printf(Locale.ROOT, "RESULT base=%.3f unmerged=%.3f merged=%.3f%n",
                    median(times[0]), median(times[1]), median(times[2]));
        }
    }

    static BertClassifier classifier(MiniLmArtifact minilm, NDManager manager) throws IOException {
        BertClassifier clf = BertClassifier.builder().setEncoder(minilm.loadEncoder(manager)).setNumLabels(2).build();
        clf.initialize(manager, DataType.FLOAT32, new Shape(BATCH, LENGTH), new Shape(BATCH, LENGTH));
        return clf;
    }

    static LoraModel addLora(BertClassifier clf) {
        return LoraModel.builder().setBlock(clf)
                .setConfig(LoraConfig.of("query", "value").withR(8).withAlpha(16).withModulesToSave("classifier"))
                .optSeed(0).build();
    }

    private static double forwardMs(BertClassifier clf, NDManager manager, Batch batch) {
        try (NDManager step = manager.newSubManager()) {
            NDList in = batch.inputs(step);
            long t0 = System.nanoTime();
            clf.forward(new ParameterStore(step, false), in, false).head().toFloatArray();
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    /** The fixed random batch: token ids with [CLS]/[SEP], full attention mask, binary labels. */
    static final class Batch {
        private final long[][] ids = new long[BATCH][LENGTH];
        private final long[][] mask = new long[BATCH][LENGTH];
        final float[] labels = new float[BATCH];

        Batch() {
            Random random = new Random(0);
            for (int b = 0; b < BATCH; b++) {
                for (int t = 0; t < LENGTH; t++) {
                    ids[b][t] = 1000 + random.nextInt(29000);
                    mask[b][t] = 1;
                }
                ids[b][0] = 101;
                ids[b][LENGTH - 1] = 102;
                labels[b] = random.nextInt(2);
            }
        }

        NDList inputs(NDManager manager) {
            return new NDList(manager.create(ids), manager.create(mask));
        }
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Peak resident set size of this process (Linux VmHWM), in MB. */
    private static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
