package dev.lorakit.host.compare;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.lorakit.host.run.MetricSeries;
import dev.lorakit.host.run.RunFiles;
import dev.lorakit.host.run.RunSummary;
import dev.lorakit.train.metrics.StepTimes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One finished run of a comparison, read back from its run directory: {@code summary.json},
 * {@code resources.json}, {@code metrics.jsonl} and the sizes of what it wrote.
 *
 * @param mode how it trained
 * @param seed its seed
 * @param runDirectory where it is
 * @param summary its {@code summary.json}
 * @param resources its {@code resources.json}
 * @param stepTimeSeconds the median of its logged {@code charts/step_time} values (each the median
 *     update time of one logging window), or null when none was logged
 * @param adapterBytes {@code adapter/adapter_model.safetensors} (LoRA runs), else null
 * @param parametersBytes the newest checkpoint's {@code parameters.safetensors}: the whole model
 *     (or only the trainable tensors with {@code checkpoint.adapter_only}), or null without checkpoint
 * @param checkpointBytes the newest checkpoint directory (parameters, optimizer and task state), or null
 * @param series every logged metric as (step, value) points, non-finite values skipped
 */
public record CompareRun(
        CompareMode mode,
        long seed,
        Path runDirectory,
        RunSummary summary,
        RunResources resources,
        Double stepTimeSeconds,
        Long adapterBytes,
        Long parametersBytes,
        Long checkpointBytes,
        Map<String, List<double[]>> series) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * Reads a finished run.
     *
     * @param mode how it trained
     * @param seed its seed
     * @param runDirectory the run directory, with {@code resources.json}
     * @return the run's figures
     * @throws IOException when a file is missing or unreadable
     */
    public static CompareRun read(CompareMode mode, long seed, Path runDirectory) throws IOException {
        RunSummary summary = summaryOf(runDirectory);
        Map<String, List<double[]>> series = MetricSeries.read(runDirectory.resolve(RunFiles.METRICS));
        double[] stepTimes = series.getOrDefault(StepTimes.METRIC, List.of()).stream().mapToDouble(p -> p[1]).toArray();
        Path adapter = runDirectory.resolve(RunFiles.ADAPTER).resolve("adapter_model.safetensors");
        Path checkpoint = newestCheckpoint(runDirectory.resolve(RunFiles.CHECKPOINTS));
        return new CompareRun(mode, seed, runDirectory, summary, RunResources.read(runDirectory),
                stepTimes.length == 0 ? null : median(stepTimes),
                Files.isRegularFile(adapter) ? Files.size(adapter) : null,
                checkpoint == null || !Files.isRegularFile(checkpoint.resolve("parameters.safetensors"))
                        ? null : Files.size(checkpoint.resolve("parameters.safetensors")),
                checkpoint == null ? null : treeSize(checkpoint),
                series);
    }

    /**
     * A run's {@code summary.json}, finished or interrupted.
     *
     * @param runDirectory the run directory
     * @return its summary
     * @throws IOException when the file is missing or unreadable
     */
    public static RunSummary summaryOf(Path runDirectory) throws IOException {
        return JSON.readValue(runDirectory.resolve(RunFiles.SUMMARY).toFile(), RunSummary.class);
    }

    /**
     * The median of values.
     *
     * @param values at least one value
     * @return the middle value, or the mean of the two middle ones
     */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static Path newestCheckpoint(Path checkpoints) throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(checkpoints)) {
            // step-NNNNNN names sort by step; hidden leftovers of interrupted writes start with '.'.
            return dirs.filter(d -> d.getFileName().toString().startsWith("step-") && Files.isDirectory(d))
                    .max(Path::compareTo).orElse(null);
        }
    }

    private static long treeSize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            long total = 0;
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    total += Files.size(f);
                }
            }
            return total;
        }
    }
}
