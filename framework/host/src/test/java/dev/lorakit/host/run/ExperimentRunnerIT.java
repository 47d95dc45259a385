package dev.lorakit.host.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lorakit.host.config.ExperimentConfigs;
import dev.lorakit.host.config.ResolvedConfig;
import dev.lorakit.host.plugin.FixtureJars;
import dev.lorakit.host.plugin.PluginLoader;
import dev.lorakit.host.plugin.PluginRegistry;
import dev.lorakit.train.metrics.WallClockMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentRunnerIT {

    @TempDir Path tmp;

    @Test
    void runsThePluginJarsTaskAndWritesTheRunDirectory() throws Exception {
        Path plugins = tmp.resolve("plugins");
        FixtureJars.write(plugins.resolve("fixture.jar"), UnaryOperator.identity());
        Path config = tmp.resolve("spirals.yaml");
        Files.writeString(config, "plugin: fixture\nseed: 7\nlora: {enabled: false}\n"
                + "trainer: {max_steps: 60, batch_size: 32, optimizer: {type: adamw, lr: 0.01}, eval_every: 20, log_every: 10}\n"
                + "checkpoint: {every_steps: 30}\nfixture: {examples: 256, hidden: 16, weights_on_close: true}\n");
        try (PluginRegistry registry = PluginLoader.builder().addPluginsDirectory(plugins).build().load()) {
            ResolvedConfig resolved = ExperimentConfigs.load(config, List.of(), registry);
            ExperimentRunner.RunResult result = ExperimentRunner.builder()
                    .setConfig(resolved)
                    .optRunsRoot(tmp.resolve("runs"))
                    .build()
                    .run();
            Path dir = result.runDirectory();
            assertThat(dir.getFileName().toString()).matches("spirals__fixture__7__\\d{8}-\\d{6}");

            Map<String, List<double[]>> metrics = MetricSeries.read(dir.resolve("metrics.jsonl"));
            assertThat(metrics).containsKeys("train/loss", "train/lr", WallClockMetrics.SPS, "eval/accuracy");
            assertThat(metrics.get("train/loss")).hasSize(6);
            assertThat(metrics.get("eval/accuracy")).extracting(p -> p[0]).containsExactly(20.0, 40.0, 60.0);
            assertThat(dir.resolve("checkpoints/step-000060/manifest.json")).isRegularFile();
            assertThat(dir.resolve("adapter")).doesNotExist();
            assertThat(dir.resolve("merged")).as("export.merged is off by default").doesNotExist();
            // The task closes before the model, so its close() read all six trained arrays.
            assertThat(Files.readAllLines(dir.resolve("weights-at-close.tsv"))).hasSize(6)
                    .allSatisfy(line -> assertThat(Double.parseDouble(line.split("\t")[2])).isPositive().isFinite());
            // It learns: the loss falls and accuracy beats chance.
            assertThat(metrics.get("train/loss").get(5)[1]).isLessThan(metrics.get("train/loss").get(0)[1]);

            JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("summary.json").toFile());
            assertThat(summary.get("seed").asLong()).isEqualTo(7);
            assertThat(summary.get("main_metric").asText()).isEqualTo("eval/accuracy");
            assertThat(summary.get("best_value").asDouble()).isGreaterThan(0.5);
            assertThat(summary.get("total_parameters").asLong()).isEqualTo(2 * 16 + 16 + 16 * 16 + 16 + 16 * 2 + 2);
            assertThat(summary.get("trainable_parameters").asLong()).isEqualTo(summary.get("total_parameters").asLong());
            assertThat(summary.get("final_metrics").has("train/loss")).isTrue();
            assertThat(summary.get("lorakit_version").asText()).isEqualTo(dev.lorakit.api.PluginApi.VERSION);
            assertThat(result.summary().bestValue()).isEqualTo(summary.get("best_value").asDouble());

            String resolvedYaml = Files.readString(dir.resolve("config.resolved.yaml"));
            assertThat(resolvedYaml).startsWith("# lorakit config: " + config.toAbsolutePath()).contains("max_steps: 60", "noise: 0.05");
            String html = Files.readString(dir.resolve("report.html"));
            // One chart per metric, grouped under its prefix, each image decodable.
            assertThat(html).contains("<h3>train</h3>", "<h3>eval</h3>",
                    "<img alt=\"train/loss\" src=\"data:image/png;base64,", "<img alt=\"eval/accuracy\" src=");
            java.util.regex.Matcher png = java.util.regex.Pattern
                    .compile("alt=\"eval/accuracy\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
            assertThat(png.find()).isTrue();
            assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                    java.util.Base64.getDecoder().decode(png.group(1))))).isNotNull();
        }
    }

    @Test
    void runsAPluginWhoseDataComesFromItsBundledLibrary() throws Exception {
        Path plugins = tmp.resolve("plugins");
        Files.createDirectories(plugins);
        Files.copy(dev.lorakit.host.plugin.PluginLibrariesTest.blobsJar(), plugins.resolve("blobs.jar"));
        Path config = tmp.resolve("blobs.yaml");
        Files.writeString(config, "plugin: fixture-blobs\nlora: {r: 2}\n"
                + "trainer: {max_steps: 30, eval_every: 30, log_every: 10, lr: 0.05}\ncheckpoint: {every_steps: 0}\n");
        try (PluginRegistry registry = PluginLoader.builder().addPluginsDirectory(plugins)
                .optLibraryCache(tmp.resolve("cache")).build().load()) {
            RunSummary summary = ExperimentRunner.builder().setConfig(ExperimentConfigs.load(config, List.of(), registry))
                    .optRunDirectory(tmp.resolve("blobs")).optProgress(false).build().run().summary();
            // Two well separated blobs: far above chance after a few steps.
            assertThat(summary.bestValue()).isGreaterThan(0.8);
        }
    }

    @Test
    void sameSeedGivesTheSameMetrics() throws Exception {
        Path config = tmp.resolve("s.yaml");
        Files.writeString(config, "plugin: fixture\nlora: {enabled: false}\n"
                + "trainer: {max_steps: 10, eval_every: 10, log_every: 5}\ncheckpoint: {every_steps: 0}\n"
                + "fixture: {examples: 64, hidden: 8}\n");
        try (PluginRegistry registry = PluginLoader.builder().optClasspath(getClass().getClassLoader()).build().load()) {
            ResolvedConfig resolved = ExperimentConfigs.load(config, List.of(), registry);
            RunSummary a = ExperimentRunner.builder().setConfig(resolved).optRunDirectory(tmp.resolve("a")).build()
                    .run().summary();
            RunSummary b = ExperimentRunner.builder().setConfig(resolved).optRunDirectory(tmp.resolve("b")).build()
                    .run().summary();
            assertThat(a.finalMetrics().get("train/loss")).isEqualTo(b.finalMetrics().get("train/loss"));
            assertThat(a.bestValue()).isEqualTo(b.bestValue());
        }
    }

    @Test
    void loraRunsTrainOnlyAdaptersAndWriteAPeftAdapter() throws Exception {
        Path config = tmp.resolve("l.yaml");
        Files.writeString(config, "plugin: fixture\nlora: {r: 2, alpha: 4}\n"
                + "trainer: {max_steps: 10, eval_every: 10, log_every: 5, optimizer: {type: adamw, lr: 0.01}}\n"
                + "checkpoint: {every_steps: 0}\nfixture: {examples: 64, hidden: 8}\n");
        try (PluginRegistry registry = PluginLoader.builder().optClasspath(getClass().getClassLoader()).build().load()) {
            ResolvedConfig resolved = ExperimentConfigs.load(config, List.of(), registry);
            ExperimentRunner.RunResult r = ExperimentRunner.builder().setConfig(resolved)
                    .optRunDirectory(tmp.resolve("lora")).build().run();
            // Adapters on layers 0 (2->8) and 2 (8->8), rank 2; layer 4 (8->2) trained fully.
            long adapters = 2 * (2 + 8) + 2 * (8 + 8);
            long head = 8 * 2 + 2;
            assertThat(r.summary().trainableParameters()).isEqualTo(adapters + head);
            assertThat(r.summary().fineTuning()).isEqualTo("lora");
            assertThat(r.runDirectory().resolve("adapter/adapter_config.json")).isRegularFile();
            assertThat(r.runDirectory().resolve("adapter/adapter_model.safetensors")).isRegularFile();
        }
    }

    @Test
    void resumeContinuesFromTheNewestValidCheckpointToTheSameResult() throws Exception {
        Path config = tmp.resolve("r.yaml");
        Files.writeString(config, "plugin: fixture\nseed: 5\nlora: {r: 2}\n"
                + "trainer: {max_steps: 20, eval_every: 10, log_every: 5, optimizer: {type: adamw, lr: 0.01}}\n"
                + "checkpoint: {every_steps: 10, keep_last: 3}\nfixture: {examples: 64, hidden: 8}\n");
        try (PluginRegistry registry = PluginLoader.builder().optClasspath(getClass().getClassLoader()).build().load()) {
            Path whole = tmp.resolve("whole");
            RunSummary uninterrupted = ExperimentRunner.builder()
                    .setConfig(ExperimentConfigs.load(config, List.of(), registry))
                    .optRunDirectory(whole).build().run().summary();

            // The state of a run killed after its step-10 checkpoint: later files gone.
            Path cut = tmp.resolve("cut");
            TestFiles.copyTree(whole, cut);
            TestFiles.deleteTree(cut.resolve("checkpoints/step-000020"));
            TestFiles.deleteTree(cut.resolve("adapter"));
            Files.delete(cut.resolve("summary.json"));
            Files.delete(cut.resolve("report.html"));

            ResolvedConfig again = ExperimentRunner.resolvedConfigOf(cut, registry);
            assertThat(again.name()).isEqualTo("r");
            assertThat(again.toYaml()).isEqualTo(ExperimentConfigs.load(config, List.of(), registry).toYaml());
            RunSummary resumed = ExperimentRunner.builder().setConfig(again).optRunDirectory(cut).optResume(true)
                    .build().run().summary();
            // 51 training examples in batches of 32: 2 batches an epoch, so 20 updates end at epoch
            // 10.0 unless a non-finite step was skipped (logged as "Skipping a step at update N").
            assertThat(uninterrupted.finalMetrics().get("train/epoch")).as("uninterrupted run: no skipped step").isEqualTo(10.0);
            assertThat(resumed.finalMetrics().get("train/epoch")).as("resumed run: no skipped step").isEqualTo(10.0);
            // Only the wall-clock metrics may differ; everything else must match exactly.
            assertThat(WallClockMetrics.strip(resumed.finalMetrics()))
                    .isEqualTo(WallClockMetrics.strip(uninterrupted.finalMetrics()));
            assertThat(resumed.bestValue()).isEqualTo(uninterrupted.bestValue());
            assertThat(cut.resolve("adapter/adapter_model.safetensors")).isRegularFile();
        }
    }
}
