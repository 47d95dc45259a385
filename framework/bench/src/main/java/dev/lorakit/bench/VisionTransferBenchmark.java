package dev.lorakit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Image classification end to end through {@code ./lorakit run}: the Fashion-MNIST CNN
 * ({@code configs/fashion-mnist-cnn.yaml}, run once into the base directory unless it already
 * holds a checkpoint), then per seed the three MNIST configs from it (LoRA, full fine-tuning,
 * scratch; same data, steps and batch), reporting test accuracy and trainable parameters from
 * each run's {@code summary.json}, and the updates the non-finite guard skipped from each run's log.
 *
 * <p>{@code framework/bench/run VisionTransferBenchmark [seeds] [base run dir] [variants]}
 * (defaults 3, {@code runs/fashion-mnist-cnn}, {@code lora,full,scratch}); the runs go to
 * {@code target/vision-bench/<variant>-<seed>}.
 */
public final class VisionTransferBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private VisionTransferBenchmark() {}

    /**
     * Runs the benchmark from the repository root.
     *
     * @param args optional seed count, base run directory and comma-separated variants
     * @throws Exception when a run fails
     */
    public static void main(String[] args) throws Exception {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path base = Path.of(args.length > 1 ? args[1] : "runs/fashion-mnist-cnn").toAbsolutePath();
        List<String> variants = Arrays.asList((args.length > 2 ? args[2] : "lora,full,scratch").split(","));
        Path out = Path.of("target/vision-bench").toAbsolutePath();
        if (!Files.isDirectory(base.resolve("checkpoints"))) {
            run(List.of("configs/fashion-mnist-cnn.yaml", "--run-dir", base.toString()), base);
        }
        JsonNode pretrained = summary(base);
        System.out.printf(Locale.ROOT, "Fashion-MNIST CNN (%s): test accuracy %.2f%% on 10,000 images, %d steps, %,d parameters, %.0f s%n%n",
                base, 100 * metric(pretrained, "test/accuracy"), pretrained.get("steps").asLong(),
                pretrained.get("trainable_parameters").asLong(), pretrained.get("wall_time_seconds").asDouble());
        System.out.println("| seed | variant | trainable parameters | test accuracy | best eval accuracy | steps skipped (non-finite) | wall s |");
        System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        Map<String, List<Double>> accuracy = new LinkedHashMap<>();
        Map<String, Long> trainable = new LinkedHashMap<>();
        for (int seed = 1; seed <= seeds; seed++) {
            for (String variant : variants) {
                Path dir = out.resolve(variant + "-" + seed);
                String config = "scratch".equals(variant) ? "configs/mnist-scratch.yaml" : "configs/mnist-from-fashion-" + variant + ".yaml";
                List<String> command = new ArrayList<>(List.of(config, "--run-dir", dir.toString(), "--set", "seed=" + seed));
                if (!"scratch".equals(variant)) {
                    command.addAll(List.of("--set", "init_from=" + base));
                }
                if (!Files.isRegularFile(dir.resolve("summary.json"))) {
                    run(command, dir);
                }
                JsonNode s = summary(dir);
                double acc = metric(s, "test/accuracy");
                accuracy.computeIfAbsent(variant, k -> new ArrayList<>()).add(acc);
                trainable.put(variant, s.get("trainable_parameters").asLong());
                System.out.printf(Locale.ROOT, "| %d | %s | %,d | %.2f%% | %.2f%% | %s | %.0f |%n", seed, variant, trainable.get(variant),
                        100 * acc, 100 * s.get("best_value").asDouble(), skippedSteps(dir), s.get("wall_time_seconds").asDouble());
            }
        }
        System.out.println();
        System.out.println("| variant | trainable parameters | median test accuracy | min - max | vs full fine-tuning |");
        System.out.println("| --- | ---: | ---: | ---: | ---: |");
        Double full = accuracy.containsKey("full") ? DqnRuns.median(accuracy.get("full")) : null;
        for (String variant : accuracy.keySet()) {
            List<Double> a = accuracy.get(variant);
            double median = DqnRuns.median(a);
            System.out.printf(Locale.ROOT, "| %s | %,d | %.2f%% | %.2f - %.2f%% | %s |%n", variant, trainable.get(variant), 100 * median,
                    100 * a.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                    100 * a.stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
                    full == null ? "-" : String.format(Locale.ROOT, "%+.2f points", 100 * (median - full)));
        }
    }

    /**
     * How many updates the learner's non-finite guard skipped, counted from its warnings in the
     * run's log ("?" when the log is gone, e.g. for a run made outside this benchmark).
     */
    private static String skippedSteps(Path runDirectory) throws IOException {
        Path log = logOf(runDirectory);
        if (!Files.isRegularFile(log)) {
            return "?";
        }
        try (var lines = Files.lines(log)) {
            return Long.toString(lines.filter(l -> l.contains("Skipping a step")).count());
        }
    }

    private static Path logOf(Path runDirectory) {
        return runDirectory.resolveSibling(runDirectory.getFileName() + ".log");
    }

    /** Runs {@code ./lorakit run ARGS}, its output to {@code <run dir>.log} so stdout stays the table. */
    private static void run(List<String> arguments, Path runDirectory) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("./lorakit", "run"));
        command.addAll(arguments);
        Path log = logOf(runDirectory);
        Files.createDirectories(log.getParent());
        System.err.println("+ " + String.join(" ", command) + "  > " + log);
        int code = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + code);
        }
    }

    private static JsonNode summary(Path runDirectory) throws IOException {
        Path file = runDirectory.resolve("summary.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: the run did not finish");
        }
        return JSON.readTree(file.toFile());
    }

    private static double metric(JsonNode summary, String name) {
        JsonNode v = summary.path("final_metrics").get(name);
        if (v == null) {
            throw new IllegalStateException("summary.json has no final metric " + name);
        }
        return v.asDouble();
    }
}
