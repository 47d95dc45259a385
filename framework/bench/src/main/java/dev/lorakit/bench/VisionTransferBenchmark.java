package dev.lorakit.bench;

import com.fasterxml.jackson.databind.JsonNode;
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
 * <p>{@code framework/bench/run VisionTransferBenchmark [seeds] [base run dir] [variants]
 * [--lr-from SWEEP_DIR]} (defaults 3, {@code runs/fashion-mnist-cnn}, {@code lora,full,scratch});
 * the runs go to {@code target/vision-bench/<variant>-<seed>}. With {@code --lr-from} each
 * variant runs at the learning rate its {@link VisionTransferSweep} runs in that folder chose on
 * the validation split (runs then go to {@code <variant>-lr<rate>-<seed>}); without it, at the
 * configs' rates.
 */
public final class VisionTransferBenchmark {

    /** The variants, each with its config: {@code configs/mnist-from-fashion-<variant>.yaml} or {@code mnist-scratch.yaml}. */
    static final List<String> VARIANTS = List.of("lora", "full", "scratch");

    private VisionTransferBenchmark() {}

    /**
     * Runs the benchmark from the repository root.
     *
     * @param arguments optional seed count, base run directory, comma-separated variants and
     *     {@code --lr-from SWEEP_DIR}
     * @throws Exception when a run fails
     */
    public static void main(String[] arguments) throws Exception {
        List<String> list = new ArrayList<>(Arrays.asList(arguments));
        int flag = list.indexOf("--lr-from");
        Path sweep = null;
        if (flag >= 0) {
            if (flag + 1 >= list.size()) {
                throw new IllegalArgumentException("--lr-from needs a sweep folder, e.g. target/vision-sweep/few500");
            }
            sweep = Path.of(list.remove(flag + 1)).toAbsolutePath();
            list.remove(flag);
        }
        String[] args = list.toArray(String[]::new);
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path base = Path.of(args.length > 1 ? args[1] : "runs/fashion-mnist-cnn").toAbsolutePath();
        List<String> variants = Arrays.asList((args.length > 2 ? args[2] : "lora,full,scratch").split(","));
        Path out = Path.of("target/vision-bench").toAbsolutePath();
        if (!Files.isDirectory(base.resolve("checkpoints"))) {
            LorakitRuns.run(List.of("configs/fashion-mnist-cnn.yaml", "--run-dir", base.toString()), base);
        }
        JsonNode pretrained = LorakitRuns.summary(base);
        System.out.printf(Locale.ROOT, "Fashion-MNIST CNN (%s): test accuracy %.2f%% on 10,000 images, %d steps, %,d parameters, %.0f s%n%n",
                base, 100 * LorakitRuns.metric(pretrained, "test/accuracy"), pretrained.get("steps").asLong(),
                pretrained.get("trainable_parameters").asLong(), pretrained.get("wall_time_seconds").asDouble());
        Map<String, List<Double>> accuracy = new LinkedHashMap<>();
        Map<String, Long> trainable = new LinkedHashMap<>();
        Map<String, String> rates = new LinkedHashMap<>();
        if (sweep != null) {
            for (String variant : variants) {
                rates.put(variant, VisionTransferSweep.chosenRate(sweep, variant));
            }
            System.out.println("Learning rates chosen on the validation split by the sweep in " + sweep + ": " + rates);
            System.out.println();
        }
        System.out.println("| seed | variant | trainable parameters | test accuracy | best eval accuracy | steps skipped (non-finite) | wall s | what a user keeps |");
        System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |");
        for (int seed = 1; seed <= seeds; seed++) {
            for (String variant : variants) {
                String rate = rates.get(variant);
                Path dir = out.resolve(variant + (rate == null ? "" : "-lr" + rate) + "-" + seed);
                List<String> command = command(variant, dir, seed, base);
                if (rate != null) {
                    command.addAll(List.of("--set", "trainer.optimizer.lr=" + rate));
                }
                JsonNode s = LorakitRuns.runOnce(command, dir);
                double acc = LorakitRuns.metric(s, "test/accuracy");
                accuracy.computeIfAbsent(variant, k -> new ArrayList<>()).add(acc);
                trainable.put(variant, s.get("trainable_parameters").asLong());
                System.out.printf(Locale.ROOT, "| %d | %s | %,d | %.2f%% | %.2f%% | %s | %.0f | %s |%n", seed, variant, trainable.get(variant),
                        100 * acc, 100 * s.get("best_value").asDouble(), LorakitRuns.skippedSteps(dir), s.get("wall_time_seconds").asDouble(),
                        weightsOnDisk(dir));
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
     * The {@code ./lorakit run} arguments of one variant's run.
     *
     * @param variant one of {@link #VARIANTS}
     * @param runDirectory where the run goes
     * @param seed the run's seed
     * @param base the Fashion-MNIST run the transfer variants start from
     * @return a mutable argument list, for callers to add overrides
     */
    static List<String> command(String variant, Path runDirectory, long seed, Path base) {
        if (!VARIANTS.contains(variant)) {
            throw new IllegalArgumentException("unknown variant \"" + variant + "\"; variants are " + VARIANTS);
        }
        String config = "scratch".equals(variant) ? "configs/mnist-scratch.yaml" : "configs/mnist-from-fashion-" + variant + ".yaml";
        List<String> command = new ArrayList<>(List.of(config, "--run-dir", runDirectory.toString(), "--set", "seed=" + seed));
        if (!"scratch".equals(variant)) {
            command.addAll(List.of("--set", "init_from=" + base));
        }
        return command;
    }

    /**
     * What a user keeps of a run: a LoRA run's PEFT adapter file, else the newest checkpoint's
     * full weights file, with its size.
     */
    private static String weightsOnDisk(Path runDirectory) throws IOException {
        Path adapter = runDirectory.resolve("adapter/adapter_model.safetensors");
        if (Files.isRegularFile(adapter)) {
            return String.format(Locale.ROOT, "adapter_model.safetensors %,d B", Files.size(adapter));
        }
        try (var dirs = Files.list(runDirectory.resolve("checkpoints"))) {
            Path newest = dirs.filter(d -> d.getFileName().toString().startsWith("step-")).sorted().reduce((a, b) -> b).orElseThrow();
            return String.format(Locale.ROOT, "parameters.safetensors %,d B", Files.size(newest.resolve("parameters.safetensors")));
        }
    }
}
