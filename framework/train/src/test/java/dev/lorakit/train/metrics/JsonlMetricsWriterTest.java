package dev.lorakit.train.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlMetricsWriterTest {

    @TempDir Path tmp;

    @Test
    void writesOneObjectPerLineWithNullForNonFinite() throws Exception {
        Path file = tmp.resolve("run/metrics.jsonl");
        try (JsonlMetricsWriter w = JsonlMetricsWriter.open(file)) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("train/loss", 0.5);
            m.put("train/grad_norm", Double.NaN);
            w.onMetrics(10, m);
        }
        assertThat(Files.readAllLines(file)).containsExactly("{\"step\":10,\"train/loss\":0.5,\"train/grad_norm\":null}");
        assertThat(JsonlMetricsWriter.read(file).get(0).get("train/grad_norm")).isNaN();
    }

    @Test
    void resumeKeepsTheRecordsBeforeTheCheckpointAndDropsATornLine() throws Exception {
        Path file = tmp.resolve("metrics.jsonl");
        try (JsonlMetricsWriter w = JsonlMetricsWriter.open(file)) {
            for (int step = 1; step <= 4; step++) {
                w.onMetrics(step, Map.of("train/loss", 1.0 / step));
            }
        }
        Files.writeString(file, "{\"step\":5,\"train/lo", StandardOpenOption.APPEND);
        try (JsonlMetricsWriter w = JsonlMetricsWriter.open(file)) {
            w.onResume(2, 2);
            w.onMetrics(3, Map.of("train/loss", 0.3));
        }
        assertThat(JsonlMetricsWriter.read(file)).extracting(r -> r.get("step")).containsExactly(1.0, 2.0, 3.0);
    }
}
