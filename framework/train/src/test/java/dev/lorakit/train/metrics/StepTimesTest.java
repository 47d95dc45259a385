package dev.lorakit.train.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepTimesTest {

    @Test
    void reportsTheMedianOfTheWindowAndStartsANewOne() {
        StepTimes times = new StepTimes();
        for (long ms : new long[] {5, 1, 900, 3, 2}) {
            times.record(ms * 1_000_000);
        }
        assertThat(times.drainMedianSeconds()).hasValue(0.003);
        assertThat(times.drainMedianSeconds()).isEmpty();
        for (int i = 0; i < 100; i++) {
            times.record(i < 50 ? 2_000_000 : 4_000_000);
        }
        Map<String, Double> metrics = new HashMap<>();
        times.drainInto(metrics);
        assertThat(metrics).containsExactly(Map.entry(StepTimes.METRIC, 0.003));
        times.drainInto(metrics = new HashMap<>());
        assertThat(metrics).isEmpty();
    }
}
