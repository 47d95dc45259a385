package dev.lorakit.train;

import java.util.Map;

/**
 * How a supervised run ended.
 *
 * @param steps optimizer updates applied
 * @param epochsCompleted full passes over the training data
 * @param stoppedEarly whether early stopping ended the run
 * @param skippedSteps steps skipped for a non-finite loss or gradient
 * @param finalMetrics the last evaluation's and the test pass's metrics ({@code eval/...},
 *     {@code test/...})
 */
public record TrainingResult(
        long steps, int epochsCompleted, boolean stoppedEarly, long skippedSteps, Map<String, Double> finalMetrics) {

    /**
     * Copies the metrics.
     *
     * @param steps updates
     * @param epochsCompleted epochs
     * @param stoppedEarly early stop
     * @param skippedSteps skipped steps
     * @param finalMetrics final metrics
     */
    public TrainingResult {
        finalMetrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(finalMetrics));
    }
}
