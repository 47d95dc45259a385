package dev.lorakit.train.metrics;

import java.io.IOException;
import java.util.Map;

/**
 * Receives a run's metrics and progress: the JSONL writer, the console progress bar, and any
 * sink a host adds (a report, a tracker).
 *
 * <pre>{@code
 * try (MetricsListener jsonl = JsonlMetricsWriter.open(runDir.resolve("metrics.jsonl"))) {
 *     jsonl.onMetrics(10, Map.of("train/loss", 0.69));
 * }
 * }</pre>
 */
public interface MetricsListener extends AutoCloseable {

    /**
     * Metrics logged at a step.
     *
     * @param step the step (optimizer update, or environment step for RL)
     * @param metrics name to value, e.g. {@code train/loss}, {@code eval/accuracy}
     */
    void onMetrics(long step, Map<String, Double> metrics);

    /**
     * Progress for display.
     *
     * @param step the current step
     * @param total the step budget
     * @param message short status
     */
    default void onProgress(long step, long total, String message) {}

    /**
     * The run resumed from a checkpoint at {@code step}: anything recorded after it by the
     * interrupted run is to be forgotten, so the record reads as one uninterrupted run. A run
     * that starts over because no checkpoint verifies gets {@code onResume(0, 0)}.
     *
     * @param step the checkpoint's step
     * @param records how many {@link #onMetrics} calls the run had made when the checkpoint was
     *     written; those are the ones to keep
     * @throws IOException when the sink cannot be rewritten
     */
    default void onResume(long step, long records) throws IOException {}

    @Override
    default void close() throws IOException {}
}
