package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lorakit run} of the demo config end to end, in its own JVM, with the plugin from the build. */
class RunCommandIT {

    @TempDir Path tmp;

    @Test
    void runWritesEveryFileOfTheRunDirectory() throws Exception {
        Path jar = CliProcess.fixtureJar();
        CliProcess.Result r = CliProcess.run(tmp, Map.of("lorakit.bundled.plugins", jar.toString()),
                "run", CliProcess.repo().resolve("configs/spirals-fixture.yaml").toString(),
                "--set", "trainer.max_steps=40", "--set", "trainer.eval_every=20", "--set", "seed=3",
                "--plugins-dir", tmp.resolve("no-plugins").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("best eval/accuracy");

        Path dir;
        try (Stream<Path> runs = Files.list(tmp.resolve("runs"))) {
            dir = runs.findFirst().orElseThrow();
        }
        assertThat(dir.getFileName().toString()).matches("spirals-fixture__fixture__3__\\d{8}-\\d{6}");

        JsonNode config = new YAMLMapper().readTree(dir.resolve("config.resolved.yaml").toFile());
        assertThat(config.get("trainer").get("max_steps").asInt()).isEqualTo(40);
        assertThat(config.get("fixture").get("hidden").asInt()).isEqualTo(32);
        assertThat(config.get("seed").asInt()).isEqualTo(3);

        List<String> lines = Files.readAllLines(dir.resolve("metrics.jsonl"));
        assertThat(lines).isNotEmpty();
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            assertThat(json.readTree(line).has("step")).isTrue();
        }
        assertThat(lines).anyMatch(l -> l.contains("\"train/loss\"")).anyMatch(l -> l.contains("\"eval/accuracy\""))
                .anyMatch(l -> l.contains("\"charts/SPS\""));

        JsonNode summary = json.readTree(dir.resolve("summary.json").toFile());
        assertThat(summary.get("steps").asLong()).isEqualTo(40);
        assertThat(summary.get("best_value").isNumber()).isTrue();
        assertThat(summary.get("plugin").asText()).startsWith("fixture ");

        String report = Files.readString(dir.resolve("report.html"));
        assertThat(report).startsWith("<!DOCTYPE html>").contains("data:image/png;base64,").endsWith("</html>\n");
    }
}
