package dev.lorakit.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code trainer.early_stopping:} section: stop when a logged metric has not improved by
 * more than {@code min_delta} for {@code patience} evaluations in a row.
 *
 * <pre>{@code
 * early_stopping: {metric: eval/accuracy, mode: max, patience: 3, min_delta: 0.001}
 * }</pre>
 *
 * @param metric the metric as logged, e.g. {@code eval/loss}
 * @param higherIsBetter true for {@code mode: max}, false for {@code mode: min}
 * @param patience evaluations without improvement before stopping, >= 1
 * @param minDelta the smallest change that counts as an improvement, >= 0
 */
public record EarlyStoppingConfig(
        String metric, @JsonIgnore boolean higherIsBetter, int patience, double minDelta) {

    /**
     * Validates the values, naming their keys.
     *
     * @param metric the metric
     * @param higherIsBetter direction
     * @param patience evaluations without improvement
     * @param minDelta smallest improvement
     */
    public EarlyStoppingConfig {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException(
                    "trainer.early_stopping.metric is required, e.g. eval/loss");
        }
        if (patience < 1) {
            throw new IllegalArgumentException(
                    "trainer.early_stopping.patience must be >= 1, got " + patience);
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException(
                    "trainer.early_stopping.min_delta must be >= 0, got " + minDelta);
        }
    }

    /**
     * Binds the YAML keys. {@code mode} defaults to {@code min} for metrics whose name ends in
     * {@code loss}, else {@code max}; {@code patience} to 3; {@code min_delta} to 0.
     *
     * @param metric {@code metric}
     * @param mode {@code mode}: {@code min} or {@code max}
     * @param patience {@code patience}
     * @param minDelta {@code min_delta}
     * @return the config
     */
    @JsonCreator
    public static EarlyStoppingConfig of(
            @JsonProperty("metric") String metric,
            @JsonProperty("mode") String mode,
            @JsonProperty("patience") Integer patience,
            @JsonProperty("min_delta") Double minDelta) {
        boolean higher;
        if (mode == null) {
            higher = metric == null || !metric.endsWith("loss");
        } else if (mode.equals("max") || mode.equals("min")) {
            higher = mode.equals("max");
        } else {
            throw new IllegalArgumentException(
                    "trainer.early_stopping.mode must be min or max, got " + mode);
        }
        return new EarlyStoppingConfig(
                metric, higher, patience == null ? 3 : patience, minDelta == null ? 0.0 : minDelta);
    }

    /**
     * The direction as the config writes it.
     *
     * @return {@code max} or {@code min}
     */
    @JsonProperty("mode")
    public String mode() {
        return higherIsBetter ? "max" : "min";
    }

    @JsonProperty("min_delta")
    @Override
    public double minDelta() {
        return minDelta;
    }
}
