package dev.lorakit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The learning-rate sweep behind the MNIST transfer configs: each variant (LoRA, full
 * fine-tuning, scratch: the three {@code configs/mnist-*} files) at a few learning rates, one
 * seed, the configs' steps and data, scored on the VALIDATION split (the run's final {@code
 * eval/accuracy}); test accuracy is not printed, so it cannot steer the choice.
 *
 * <p>{@code framework/bench/run VisionTransferSweep BASE LABEL lora=1e-3,3e-3 full=3e-4,1e-3
 * scratch=1e-3,3e-3 [--set key=value ...]}: BASE is the Fashion-MNIST run directory, LABEL names
 * the output folder {@code target/vision-sweep/LABEL/}, and each {@code --set} goes to every run
 * (e.g. another {@code image-classification.train_examples}).
 */
public final class VisionTransferSweep {

    private VisionTransferSweep() {}

    /**
     * Runs the sweep from the repository root and prints one Markdown row per run, then the best
     * rate per variant.
     *
     * @param args base run directory, label, {@code variant=lr,lr,...} groups and {@code --set} pairs
     * @throws Exception when a run fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException(
                    "usage: VisionTransferSweep BASE LABEL variant=lr[,lr...] ... [--set key=value ...]; variants: lora, full, scratch");
        }
        Path base = Path.of(args[0]).toAbsolutePath();
        Path out = Path.of("target/vision-sweep", args[1]).toAbsolutePath();
        Map<String, List<String>> rates = new LinkedHashMap<>();
        List<String> overrides = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--set") && i + 1 < args.length) {
                overrides.addAll(List.of("--set", args[++i]));
            } else {
                String[] kv = args[i].split("=", 2);
                if (kv.length != 2 || !VisionTransferBenchmark.VARIANTS.contains(kv[0])) {
                    throw new IllegalArgumentException("\"" + args[i] + "\" is not variant=lr[,lr...] with variant one of "
                            + VisionTransferBenchmark.VARIANTS + ", nor --set key=value");
                }
                rates.put(kv[0], List.of(kv[1].split(",")));
            }
        }
        System.out.println("Overrides for every run: " + (overrides.isEmpty() ? "none" : String.join(" ", overrides)));
        System.out.println();
        System.out.println("| variant | lr | final validation accuracy | best validation accuracy (step) | steps skipped | wall s |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (Map.Entry<String, List<String>> variant : rates.entrySet()) {
            double bestAccuracy = -1;
            String bestRate = null;
            for (String lr : variant.getValue()) {
                Path dir = out.resolve(variant.getKey() + "-lr" + lr);
                List<String> command = VisionTransferBenchmark.command(variant.getKey(), dir, 1, base);
                command.addAll(List.of("--set", "trainer.optimizer.lr=" + lr));
                command.addAll(overrides);
                JsonNode s = LorakitRuns.runOnce(command, dir);
                double accuracy = LorakitRuns.metric(s, "eval/accuracy");
                if (accuracy > bestAccuracy) {
                    bestAccuracy = accuracy;
                    bestRate = lr;
                }
                System.out.printf(Locale.ROOT, "| %s | %s | %.2f%% | %.2f%% (%d) | %s | %.0f |%n", variant.getKey(), lr, 100 * accuracy,
                        100 * s.get("best_value").asDouble(), s.get("best_step").asLong(), LorakitRuns.skippedSteps(dir),
                        s.get("wall_time_seconds").asDouble());
            }
            System.out.printf(Locale.ROOT, "| **%s: chosen** | **%s** | **%.2f%%** | | | |%n", variant.getKey(), bestRate, 100 * bestAccuracy);
        }
    }

    /**
     * The learning rate of a variant's finished sweep run with the best final validation accuracy.
     *
     * @param sweepDirectory a sweep's output folder ({@code target/vision-sweep/LABEL})
     * @param variant one of {@link VisionTransferBenchmark#VARIANTS}
     * @return the rate as written in the run's folder name, e.g. {@code 3e-3}
     * @throws IOException when a summary cannot be read
     * @throws IllegalStateException when the folder holds no finished run of the variant
     */
    static String chosenRate(Path sweepDirectory, String variant) throws IOException {
        String prefix = variant + "-lr";
        String best = null;
        double bestAccuracy = -1;
        try (var dirs = Files.list(sweepDirectory)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(prefix)).sorted().toList()) {
                if (!LorakitRuns.finished(dir)) {
                    continue;
                }
                double accuracy = LorakitRuns.metric(LorakitRuns.summary(dir), "eval/accuracy");
                if (accuracy > bestAccuracy) {
                    bestAccuracy = accuracy;
                    best = dir.getFileName().toString().substring(prefix.length());
                }
            }
        }
        if (best == null) {
            throw new IllegalStateException(sweepDirectory + " holds no finished " + variant + " run (" + prefix + "*/summary.json)");
        }
        return best;
    }
}
