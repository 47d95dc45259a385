package dev.lorakit.train.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WallClockMetricsTest {

    @Test
    void stripRemovesExactlyTheWallClockMetrics() {
        Map<String, Double> row = Map.of(
                "train/loss", 0.5, "charts/SPS", 1200.0, StepTimes.METRIC, 0.002, "charts/epsilon", 0.1);
        assertThat(WallClockMetrics.strip(row)).containsExactly(
                Map.entry("charts/epsilon", 0.1), Map.entry("train/loss", 0.5));
        assertThat(row).hasSize(4);
    }

    @Test
    void stripKeepsTheRowOrder() {
        List<Map<String, Double>> rows = List.of(Map.of("step", 1.0, "charts/SPS", 9.0), Map.of("step", 2.0));
        assertThat(WallClockMetrics.strip(rows)).containsExactly(Map.of("step", 1.0), Map.of("step", 2.0));
    }

    @Test
    void namesHoldTheStepTimeAndSps() {
        assertThat(WallClockMetrics.NAMES).containsExactlyInAnyOrder("charts/step_time", "charts/SPS");
    }
}
