package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lorakit compare} end to end with the plugins the build made: both modes run (each in its
 * own JVM), the LoRA row has fewer trainable parameters, and every number of {@code compare.json}
 * equals what the runs themselves wrote.
 */
class CompareCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    @Test
    void comparesLoraAndFullFineTuningOfTheFixture() throws Exception {
        JsonNode compare = compare("fixture", "configs/spirals-fixture.yaml",
                "--set", "trainer.max_steps=20", "--set", "trainer.eval_every=10", "--set", "seed=4");
        assertThat(compare.get("main_metric").asText()).isEqualTo("eval/accuracy");
    }

    @Test
    void comparesLoraAndFullFineTuningOfATinyDqn() throws Exception {
        compare("dqn", "configs/cartpole-dqn.yaml",
                "--set", "dqn.total_timesteps=400", "--set", "dqn.learning_starts=100",
                "--set", "dqn.eval_every=200", "--set", "dqn.eval_episodes=2", "--set", "dqn.record_gif=false",
                "--set", "dqn.buffer_size=500", "--set", "dqn.gradient_steps=2", "--set", "checkpoint.every_steps=200");
    }

    private JsonNode compare(String plugin, String config, String... overrides) throws Exception {
        Path jar = pluginJar(plugin);
        assumeTrue(Files.isRegularFile(jar), "the " + plugin + " plugin jar is not built: " + jar);
        Path out = tmp.resolve("cmp");
        List<String> args = new ArrayList<>(List.of("compare", CliProcess.repo().resolve(config).toString(),
                "--out", out.toString(), "--plugins-dir", tmp.resolve("no-plugins").toString()));
        args.addAll(Arrays.asList(overrides));
        CliProcess.Result r = CliProcess.run(tmp, Map.of("lorakit.bundled.plugins", jar.toString()),
                args.toArray(String[]::new));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("quantity\\s+lora\\s+full\\s+lora/full")
                .containsPattern("trainable parameters\\s+\\d+\\s+\\d+");

        JsonNode compare = JSON.readTree(out.resolve("compare.json").toFile());
        assertThat(compare.get("runs")).hasSize(2);
        JsonNode lora = compare.get("runs").get(0);
        JsonNode full = compare.get("runs").get(1);
        assertThat(lora.get("mode").asText()).isEqualTo("lora");
        assertThat(full.get("mode").asText()).isEqualTo("full");
        assertThat(lora.get("values").get("trainable_parameters").asLong())
                .isLessThan(full.get("values").get("trainable_parameters").asLong());
        for (JsonNode run : compare.get("runs")) {
            assertEqualsTheRunsOwnFiles(run);
        }
        assertThat(out.resolve("compare.csv")).content().startsWith("mode,seed,run_dir,trainable_parameters");

        // Same experiment but for lora.enabled: same seed, data order and steps.
        assertThat(withoutLoraEnabled(Path.of(lora.get("run_dir").asText())))
                .isEqualTo(withoutLoraEnabled(Path.of(full.get("run_dir").asText())));

        String html = Files.readString(out.resolve("compare.html"));
        Matcher m = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)").matcher(html);
        int images = 0;
        while (m.find()) {
            assertThat(ImageIO.read(new ByteArrayInputStream(java.util.Base64.getDecoder().decode(m.group(1)))))
                    .isNotNull();
            images++;
        }
        assertThat(images).isPositive();
        return compare;
    }

    private static void assertEqualsTheRunsOwnFiles(JsonNode run) throws Exception {
        Path dir = Path.of(run.get("run_dir").asText());
        JsonNode values = run.get("values");
        JsonNode summary = JSON.readTree(dir.resolve("summary.json").toFile());
        JsonNode resources = JSON.readTree(dir.resolve("resources.json").toFile());
        assertThat(summary.get("fine_tuning").asText()).isEqualTo(run.get("mode").asText());
        assertThat(values.get("trainable_parameters").asLong()).isEqualTo(summary.get("trainable_parameters").asLong());
        assertThat(values.get("total_parameters").asLong()).isEqualTo(summary.get("total_parameters").asLong());
        assertThat(values.get("steps").asLong()).isEqualTo(summary.get("steps").asLong());
        assertThat(values.get("wall_time_s").asDouble()).isEqualTo(summary.get("wall_time_seconds").asDouble());
        assertThat(values.get("best_" + summary.get("main_metric").asText()).asDouble())
                .isEqualTo(summary.get("best_value").asDouble());
        Set<String> finals = summary.get("final_metrics").properties().stream().map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertThat(finals).isNotEmpty();
        for (String metric : finals) {
            assertThat(values.get("final_" + metric).asDouble()).as(metric)
                    .isEqualTo(summary.get("final_metrics").get(metric).asDouble());
        }
        assertThat(resources.get("peak_rss_bytes").asLong()).isGreaterThan(32L << 20);
        assertThat(values.get("peak_rss_mib").asDouble())
                .isEqualTo(resources.get("peak_rss_bytes").asLong() / (1024.0 * 1024.0));
        assertThat(values.get("device_peak_mib").isNull()).isTrue();
        double[] stepTimes = Files.readAllLines(dir.resolve("metrics.jsonl")).stream()
                .map(l -> readTree(l).get("charts/step_time")).filter(v -> v != null && v.isNumber())
                .mapToDouble(JsonNode::asDouble).sorted().toArray();
        assertThat(stepTimes).isNotEmpty();
        double median = stepTimes.length % 2 == 1 ? stepTimes[stepTimes.length / 2]
                : (stepTimes[stepTimes.length / 2 - 1] + stepTimes[stepTimes.length / 2]) / 2;
        assertThat(values.get("step_time_ms").asDouble()).isCloseTo(median * 1000, within(1e-9));
        Path adapter = dir.resolve("adapter/adapter_model.safetensors");
        if (run.get("mode").asText().equals("lora")) {
            assertThat(values.get("adapter_bytes").asLong()).isEqualTo(Files.size(adapter));
        } else {
            assertThat(adapter).doesNotExist();
            assertThat(values.get("adapter_bytes").isNull()).isTrue();
        }
        assertThat(values.get("parameters_bytes").asLong()).isPositive();
    }

    private static JsonNode readTree(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> withoutLoraEnabled(Path runDir) throws Exception {
        return Files.readAllLines(runDir.resolve("config.resolved.yaml")).stream()
                .filter(l -> !l.trim().startsWith("enabled:")).toList();
    }

    private static Path pluginJar(String id) throws Exception {
        for (JsonNode entry : JSON.readTree(CliProcess.index().toFile())) {
            if (entry.get("id").asText().equals(id)) {
                return CliProcess.index().getParent()
                        .resolve(entry.get("releases").get(0).get("url").asText()).normalize();
            }
        }
        return CliProcess.index().getParent().resolve("no-" + id + "-plugin-in-index");
    }
}
