package dev.lorakit.train;

import java.util.Map;

/**
 * How a supervised run ended.
 *
 * @param steps optimizer updates applied
 * @param epochsCompleted full passes over the training data
 * @param stoppedEarly whether early stopping ended the run
 * @param interrupted whether a {@link StopRequest} ended the run before its budget: the last
 *     checkpoint holds step {@code steps}, there was no final evaluation or test pass, and {@code
 *     finalMetrics} holds the latest evaluation's metrics
 * @param skippedSteps steps skipped for a non-finite loss or gradient
 * @param finalMetrics the last evaluation's and the test pass's metrics ({@code eval/...},
 *     {@code test/...})
 */
public record TrainingResult(
        long steps,
        int epochsCompleted,
        boolean stoppedEarly,
        boolean interrupted,
        long skippedSteps,
        Map<String, Double> finalMetrics) {

    /**
     * Copies the metrics.
     *
     * @param steps updates
     * @param epochsCompleted epochs
     * @param stoppedEarly early stop
     * @param interrupted stopped by request
     * @param skippedSteps skipped steps
     * @param finalMetrics final metrics
     */
    public TrainingResult {
        finalMetrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(finalMetrics));
    }
}
