package dev.lorakit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 5's quality benchmark: sentence polarity (Pang &amp; Lee, fixed stratified 80/20 split),
 * LoRA r=8 on query/value ({@code configs/polarity-minilm-lora.yaml}) against full fine-tuning
 * ({@code configs/polarity-minilm-full.yaml}) of the real all-MiniLM-L6-v2, over seeds. Each run
 * is a real {@code lorakit run} in its own JVM; a run whose {@code summary.json} already exists
 * is read, not repeated, so the benchmark can be stopped and continued. Prints Markdown rows and
 * checks the targets: LoRA test accuracy >= 78%, within 2 points of full, < 1% of the
 * parameters trainable.
 *
 * <p>Usage: {@code framework/bench/run PolarityQualityBenchmark [LAUNCHER] [RUNS_DIR] [SEEDS]},
 * defaults {@code ./lorakit}, {@code target/polarity-quality}, {@code 0,1,2}. With the launcher
 * {@code --collect} it runs nothing and prints the runs that have finished.
 */
public final class PolarityQualityBenchmark {

    private static final List<String> VARIANTS = List.of("lora", "full");

    private PolarityQualityBenchmark() {}

    /**
     * Runs the missing runs and prints the table.
     *
     * @param args launcher, runs directory, comma-separated seeds
     * @throws Exception when a run fails
     */
    public static void main(String[] args) throws Exception {
        String launcher = args.length > 0 ? args[0] : "./lorakit";
        Path runs = Path.of(args.length > 1 ? args[1] : "target/polarity-quality");
        String[] seeds = (args.length > 2 ? args[2] : "0,1,2").split(",");
        Files.createDirectories(runs);
        boolean collectOnly = launcher.equals("--collect");
        List<JsonNode> summaries = new ArrayList<>();
        for (String seed : seeds) {
            for (String variant : VARIANTS) {
                Path dir = runs.resolve(variant + "-seed" + seed);
                Path summary = dir.resolve("summary.json");
                if (!LorakitRuns.finished(dir)) {
                    if (collectOnly) {
                        System.err.println("polarity benchmark: " + dir + " has not finished; left out");
                        continue;
                    }
                    run(launcher, variant, seed, dir, runs.resolve(variant + "-seed" + seed + ".log"));
                }
                summaries.add(new ObjectMapper().readTree(summary.toFile()));
            }
        }
        print(summaries);
    }

    private static void run(String launcher, String variant, String seed, Path dir, Path log) throws Exception {
        if (Files.exists(dir)) {
            // An interrupted run: continue it from its newest checkpoint.
            exec(log, launcher, "resume", dir.toString());
            return;
        }
        exec(log, launcher, "run", "configs/polarity-minilm-" + variant + ".yaml", "--set", "seed=" + seed,
                "--run-dir", dir.toString());
    }

    private static void exec(Path log, String... command) throws Exception {
        System.err.println("polarity benchmark: " + String.join(" ", command));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(log.toString()))).start();
        int code = p.waitFor();
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + code + "; see " + log);
        }
    }

    private static void print(List<JsonNode> summaries) {
        System.out.println("| seed | variant | trainable parameters | trainable % | test accuracy | test macro-F1 | updates | run wall s |");
        System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        Map<String, List<Double>> accuracy = new LinkedHashMap<>();
        Map<String, Double> trainableShare = new LinkedHashMap<>();
        for (JsonNode s : summaries) {
            String variant = s.get("fine_tuning").asText();
            double share = 100.0 * s.get("trainable_parameters").asDouble() / s.get("total_parameters").asDouble();
            double acc = s.get("final_metrics").get("test/accuracy").asDouble();
            accuracy.computeIfAbsent(variant, k -> new ArrayList<>()).add(acc);
            trainableShare.put(variant, share);
            System.out.printf(Locale.ROOT, "| %d | %s | %,d | %.2f%% | %.2f%% | %.4f | %d | %.0f |%n",
                    s.get("seed").asLong(), variant, s.get("trainable_parameters").asLong(), share, 100 * acc,
                    s.get("final_metrics").get("test/macro_f1").asDouble(), s.get("steps").asLong(),
                    s.get("wall_time_seconds").asDouble());
        }
        System.out.println();
        System.out.println("| variant | seeds | mean test accuracy | min | max | trainable % |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        accuracy.forEach((variant, values) -> System.out.printf(Locale.ROOT, "| %s | %d | %.2f%% | %.2f%% | %.2f%% | %.2f%% |%n",
                variant, values.size(), 100 * mean(values), 100 * values.stream().mapToDouble(d -> d).min().orElse(Double.NaN),
                100 * values.stream().mapToDouble(d -> d).max().orElse(Double.NaN), trainableShare.get(variant)));
        if (accuracy.containsKey("lora") && accuracy.containsKey("full")) {
            double lora = mean(accuracy.get("lora"));
            double gap = 100 * (mean(accuracy.get("full")) - lora);
            System.out.printf(Locale.ROOT, "%nTargets: LoRA mean test accuracy >= 78%%: %s (%.2f%%); within 2 points of full: %s"
                            + " (full - LoRA = %.2f points); < 1%% trainable: %s (%.2f%%)%n",
                    lora >= 0.78 ? "met" : "NOT met", 100 * lora, gap <= 2 ? "met" : "NOT met", gap,
                    trainableShare.get("lora") < 1 ? "met" : "NOT met", trainableShare.get("lora"));
        }
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
