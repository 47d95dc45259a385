package dev.lorakit.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.ModuleTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * LoRA against full fine-tuning on a 4×1024 MLP (4 Linear 1024→1024 layers with ReLU), batch 64,
 * Adam: training step time, inference latency of the base, unmerged-LoRA and merged-LoRA model,
 * and peak RSS of a training process per mode (measured in a child JVM each, so the peaks do not
 * mix). Every run measures all modes, alternating the compared modes step by step so that load
 * from other processes hits them alike; ratios are taken within a run.
 *
 * <p>{@code framework/bench/run LoraMlpBenchmark [runs] [rank]} (defaults 5 and 8).
 */
public final class LoraMlpBenchmark {

    private static final int WIDTH = 1024;
    private static final int LAYERS = 4;
    private static final int BATCH = 64;
    private static final int STEPS = 15;
    private static final int WARMUP = 5;
    private static final int FORWARDS = 40;

    private LoraMlpBenchmark() {}

    /**
     * Runs the benchmark, or with {@code --memory full|lora RANK} one training process whose peak
     * RSS is printed.
     *
     * @param args runs and rank
     * @throws Exception when a child JVM fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--memory")) {
            System.out.println(peakRssAfterTraining(args[1].equals("lora"), Integer.parseInt(args[2])));
            return;
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rank = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        System.out.printf(Locale.ROOT, "MLP %d×%d, batch %d, Adam, LoRA r=%d alpha=%d on all %d layers; median of %d runs "
                + "(each: median of %d steps after %d warm-up, %d forwards)%n%n", LAYERS, WIDTH, BATCH, rank, 2 * rank, LAYERS, runs, STEPS, WARMUP, FORWARDS);
        List<double[]> results = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int run = 0; run < runs; run++) {
                results.add(oneRun(manager, rank));
            }
        }
        String[] names = {"full fine-tuning step (ms)", "LoRA step (ms)", "base forward (ms)", "LoRA unmerged forward (ms)", "LoRA merged forward (ms)"};
        System.out.println("| measure | median | min | max |");
        System.out.println("| --- | ---: | ---: | ---: |");
        for (int i = 0; i < names.length; i++) {
            int k = i;
            double[] v = results.stream().mapToDouble(r -> r[k]).toArray();
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |%n", names[i], median(v), min(v), max(v));
        }
        double[] stepRatio = results.stream().mapToDouble(r -> r[1] / r[0]).toArray();
        double[] mergedRatio = results.stream().mapToDouble(r -> r[4] / r[2]).toArray();
        double[] unmergedRatio = results.stream().mapToDouble(r -> r[3] / r[2]).toArray();
        System.out.println();
        System.out.println("| ratio (same run) | median | min | max |");
        System.out.println("| --- | ---: | ---: | ---: |");
        System.out.printf(Locale.ROOT, "| LoRA step / full step | %.3f | %.3f | %.3f |%n", median(stepRatio), min(stepRatio), max(stepRatio));
        System.out.printf(Locale.ROOT, "| merged forward / base forward | %.3f | %.3f | %.3f |%n", median(mergedRatio), min(mergedRatio), max(mergedRatio));
        System.out.printf(Locale.ROOT, "| unmerged forward / base forward | %.3f | %.3f | %.3f |%n", median(unmergedRatio), min(unmergedRatio), max(unmergedRatio));
        System.out.println();
        System.out.println("| peak RSS of a training JVM | MiB |");
        System.out.println("| --- | ---: |");
        for (String mode : new String[] {"full", "lora"}) {
            System.out.printf(Locale.ROOT, "| %s | %d |%n", mode.equals("full") ? "full fine-tuning" : "LoRA r=" + rank, childPeakRss(mode, rank) / 1024);
        }
    }

    /**
     * One run: {full step, LoRA step, base forward, unmerged forward, merged forward} in ms. The
     * modes being compared alternate step by step, so that load from other processes hits them
     * alike.
     */
    private static double[] oneRun(NDManager manager, int rank) {
        try (NDManager runManager = manager.newSubManager()) {
            Block full = mlp(runManager);
            Block base = mlp(runManager);
            Block adapted = mlp(runManager);
            copy(base, adapted);
            LoraModel lora = LoraModel.builder().setBlock(adapted).setConfig(loraConfig(rank)).build();
            // Non-zero B, as after training, so that merging changes the weights.
            lora.trainableParameters().values().forEach(p -> p.getArray().set(runManager.randomNormal(p.getArray().getShape()).mul(0.01f).toFloatArray()));
            double[] steps = stepTimes(runManager, full, adapted);
            double[] unmerged = forwardTimes(runManager, base, adapted);
            lora.merge();
            double[] merged = forwardTimes(runManager, base, adapted);
            lora.unmerge();
            // The base runs next to each LoRA variant; each variant is reported relative to the
            // base it alternated with, scaled to the mean base time.
            double baseMs = (unmerged[0] + merged[0]) / 2;
            return new double[] {steps[0], steps[1], baseMs, baseMs * unmerged[1] / unmerged[0], baseMs * merged[1] / merged[0]};
        }
    }

    private static LoraConfig loraConfig(int rank) {
        return LoraConfig.of("0", "2", "4", "6").withR(rank).withAlpha(2.0 * rank);
    }

    private static Block mlp(NDManager manager) {
        SequentialBlock b = new SequentialBlock();
        for (int i = 0; i < LAYERS; i++) {
            b.add(Linear.builder().setUnits(WIDTH).build());
            if (i < LAYERS - 1) {
                b.add(Activation.reluBlock());
            }
        }
        b.initialize(manager, DataType.FLOAT32, new Shape(BATCH, WIDTH));
        return b;
    }

    private static void copy(Block from, Block to) {
        Map<String, Parameter> target = ModuleTree.namedParameters(to);
        ModuleTree.namedParameters(from).forEach((k, p) -> p.getArray().copyTo(target.get(k).getArray()));
    }

    /** Median step time of each block, the blocks alternating step by step. */
    private static double[] stepTimes(NDManager manager, Block... blocks) {
        List<Model> models = new ArrayList<>();
        List<Trainer> trainers = new ArrayList<>();
        try {
            for (Block block : blocks) {
                Model model = Model.newInstance("bench");
                model.setBlock(block);
                models.add(model);
                DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.l2Loss())
                        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-4f)).build());
                trainers.add(model.newTrainer(cfg));
            }
            double[][] times = new double[blocks.length][STEPS];
            for (int i = 0; i < WARMUP + STEPS; i++) {
                for (int b = 0; b < blocks.length; b++) {
                    double t = step(trainers.get(b), manager);
                    if (i >= WARMUP) {
                        times[b][i - WARMUP] = t;
                    }
                }
            }
            return Arrays.stream(times).mapToDouble(LoraMlpBenchmark::median).toArray();
        } finally {
            trainers.forEach(Trainer::close);
            models.forEach(Model::close);
        }
    }

    private static double step(Trainer trainer, NDManager manager) {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.randomNormal(new Shape(BATCH, WIDTH));
            NDArray y = step.randomNormal(new Shape(BATCH, WIDTH));
            long t0 = System.nanoTime();
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList out = trainer.forward(new NDList(x));
                gc.backward(trainer.getLoss().evaluate(new NDList(y), out));
            }
            trainer.step();
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    /** Median forward latency of each block, the blocks alternating forward by forward. */
    private static double[] forwardTimes(NDManager manager, Block... blocks) {
        double[][] times = new double[blocks.length][FORWARDS];
        for (int i = 0; i < WARMUP + FORWARDS; i++) {
            for (int b = 0; b < blocks.length; b++) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = step.randomNormal(new Shape(BATCH, WIDTH));
                    long t0 = System.nanoTime();
                    NDArray y = blocks[b].forward(new ParameterStore(step, false), new NDList(x), false).singletonOrThrow();
                    y.toFloatArray();
                    if (i >= WARMUP) {
                        times[b][i - WARMUP] = (System.nanoTime() - t0) / 1e6;
                    }
                }
            }
        }
        return Arrays.stream(times).mapToDouble(LoraMlpBenchmark::median).toArray();
    }

    private static long peakRssAfterTraining(boolean lora, int rank) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = mlp(manager);
            if (lora) {
                LoraModel.builder().setBlock(block).setConfig(loraConfig(rank)).build();
            }
            stepTimes(manager, block);
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static long childPeakRss(String mode, int rank) throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx2g"));
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("ai.djl") || k.startsWith("org.slf4j")).forEach(k -> cmd.add("-D" + k + "=" + System.getProperty(k)));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LoraMlpBenchmark.class.getName(), "--memory", mode, Integer.toString(rank)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException("memory child failed: " + out);
        }
        String[] lines = out.split("\n");
        return Long.parseLong(lines[lines.length - 1].trim());
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}
