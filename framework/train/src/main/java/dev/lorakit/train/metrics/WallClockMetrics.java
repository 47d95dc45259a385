package dev.lorakit.train.metrics;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The metrics that measure wall-clock time, so two runs with the same seed differ only in them: a
 * resumed run must log what the uninterrupted run logged once these are taken out.
 *
 * <pre>{@code
 * assertThat(WallClockMetrics.strip(resumed)).isEqualTo(WallClockMetrics.strip(uninterrupted));
 * }</pre>
 */
public final class WallClockMetrics {

    /** Samples (or environment steps) per second over the whole loop since the last log. */
    public static final String SPS = "charts/SPS";

    /** Every wall-clock metric the shared trainer and runtime log. */
    public static final Set<String> NAMES = Set.of(SPS, StepTimes.METRIC);

    private WallClockMetrics() {}

    /**
     * A copy of {@code metrics} without the wall-clock metrics, sorted by name.
     *
     * @param metrics one row of metrics
     * @return the row without {@link #NAMES}
     */
    public static Map<String, Double> strip(Map<String, Double> metrics) {
        Map<String, Double> copy = new TreeMap<>(metrics);
        copy.keySet().removeAll(NAMES);
        return copy;
    }

    /**
     * {@link #strip(Map)} applied to every row.
     *
     * @param rows rows of metrics, e.g. as read from {@code metrics.jsonl}
     * @return the rows without {@link #NAMES}, in the same order
     */
    public static List<Map<String, Double>> strip(List<Map<String, Double>> rows) {
        return rows.stream().map(WallClockMetrics::strip).toList();
    }
}
