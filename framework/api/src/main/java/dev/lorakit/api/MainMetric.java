package dev.lorakit.api;

/**
 * A metric name with the direction that makes it better.
 *
 * @param name the metric as logged, e.g. {@code eval/accuracy}
 * @param higherIsBetter true for accuracy or return, false for loss
 */
public record MainMetric(String name, boolean higherIsBetter) {

    /**
     * Validates the name.
     *
     * @param name the metric as logged
     * @param higherIsBetter the direction that makes it better
     */
    public MainMetric {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("main metric name must not be blank");
        }
    }

    /**
     * Whether {@code candidate} is better than {@code incumbent} under this metric.
     *
     * @param candidate the new value
     * @param incumbent the best value so far, or NaN when none
     * @return true when the candidate wins
     */
    public boolean isBetter(double candidate, double incumbent) {
        if (Double.isNaN(incumbent)) {
            return !Double.isNaN(candidate);
        }
        return higherIsBetter ? candidate > incumbent : candidate < incumbent;
    }
}
