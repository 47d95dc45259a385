package dev.lorakit.host.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.host.config.ExperimentConfigs;
import dev.lorakit.host.plugin.PluginLoader;
import dev.lorakit.host.plugin.PluginRegistry;
import dev.lorakit.train.checkpoint.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code checkpoint.best_metric} other than the main metric, through a real run: a loss is
 * minimised, so the kept best checkpoint is the one of the lowest logged loss, not the highest.
 */
class BestCheckpointIT {

    @TempDir Path tmp;

    @Test
    void aLossAsBestMetricKeepsTheCheckpointOfTheLowestLoss() throws Exception {
        Path config = tmp.resolve("b.yaml");
        // A noisy run (tiny batches, high rate) so that the lowest loss is neither the last nor the first.
        Files.writeString(config, "plugin: fixture\nseed: 2\nlora: {enabled: false}\n"
                + "trainer: {max_steps: 60, batch_size: 4, log_every: 5, eval_every: 30,"
                + " optimizer: {type: sgd, lr: 0.3}}\n"
                + "checkpoint: {every_steps: 5, keep_last: 1, keep_best: 1, best_metric: train/loss}\n"
                + "fixture: {examples: 128, hidden: 8}\n");
        Path dir = tmp.resolve("run");
        try (PluginRegistry registry = PluginLoader.builder().optClasspath(getClass().getClassLoader()).build().load()) {
            ExperimentRunner.builder().setConfig(ExperimentConfigs.load(config, List.of(), registry))
                    .optRunDirectory(dir).optProgress(false).build().run();
        }
        List<double[]> loss = MetricSeries.read(dir.resolve("metrics.jsonl")).get("train/loss");
        assertThat(loss).hasSize(12);
        double[] lowest = loss.stream().min(Comparator.comparingDouble(p -> p[1])).orElseThrow();
        double[] highest = loss.stream().max(Comparator.comparingDouble(p -> p[1])).orElseThrow();
        String series = loss.stream().map(p -> (long) p[0] + ":" + p[1]).collect(Collectors.joining(" "));
        assertThat((long) lowest[0]).as("the run must make the test meaningful: " + series).isNotEqualTo(60L);
        assertThat((long) highest[0]).as(series).isNotEqualTo(60L);

        List<String> kept;
        try (Stream<Path> dirs = Files.list(dir.resolve("checkpoints"))) {
            kept = dirs.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(kept).as(series).containsExactly(
                CheckpointStore.directoryName((long) lowest[0]), CheckpointStore.directoryName(60));
        // The manifest records the value the ranking used.
        Map<String, Double> metrics = CheckpointStore.builder().setDirectory(dir.resolve("checkpoints")).build()
                .list().stream().filter(c -> c.step() == (long) lowest[0]).findFirst().orElseThrow().metrics();
        assertThat(metrics.get("train/loss")).isEqualTo(lowest[1]);
        // The main metric stays the task's own.
        assertThat(Files.readString(dir.resolve("summary.json"))).contains("\"main_metric\" : \"eval/accuracy\"");
    }
}
