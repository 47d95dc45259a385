package dev.lorakit.train.metrics;

import java.util.Arrays;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The durations of the optimizer updates since the last log, reported as the metric {@link
 * #METRIC} (the median, in seconds). Wall time per update (forward, backward, clipping, optimizer)
 * without data loading or environment stepping, so LoRA and full fine-tuning compare on the cost
 * they differ in; {@code charts/SPS} keeps measuring the whole loop.
 *
 * <pre>{@code
 * StepTimes times = new StepTimes();
 * times.record(System.nanoTime() - start);
 * times.drainInto(metrics);   // adds charts/step_time when updates were recorded
 * }</pre>
 *
 * <p>Not thread-safe: the training loop records and drains from one thread.
 */
public final class StepTimes {

    /** The metric name: median seconds per optimizer update over the logging window. */
    public static final String METRIC = "charts/step_time";

    private long[] nanos = new long[64];
    private int count;

    /**
     * Records one update's duration.
     *
     * @param durationNanos the update's wall time
     */
    public void record(long durationNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = durationNanos;
    }

    /**
     * The median of the durations recorded since the last drain, and forgets them.
     *
     * @return seconds, or empty when nothing was recorded
     */
    public OptionalDouble drainMedianSeconds() {
        if (count == 0) {
            return OptionalDouble.empty();
        }
        long[] window = Arrays.copyOf(nanos, count);
        count = 0;
        Arrays.sort(window);
        int mid = window.length / 2;
        double median = window.length % 2 == 1 ? window[mid] : (window[mid - 1] + (double) window[mid]) / 2;
        return OptionalDouble.of(median / 1e9);
    }

    /**
     * Puts {@link #METRIC} (the window's median) into {@code metrics} when updates were recorded.
     *
     * @param metrics a mutable metrics map about to be logged
     */
    public void drainInto(Map<String, Double> metrics) {
        drainMedianSeconds().ifPresent(seconds -> metrics.put(METRIC, seconds));
    }
}
