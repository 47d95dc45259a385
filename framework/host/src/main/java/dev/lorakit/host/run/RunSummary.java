package dev.lorakit.host.run;

import java.util.List;
import java.util.Map;

/**
 * {@code summary.json}: what a run achieved and how it was made.
 *
 * @param config the config name
 * @param plugin the plugin id and version
 * @param seed the run seed
 * @param lorakitVersion the lorakit version
 * @param gitCommit the repository commit when known, else null
 * @param startedAt ISO start time (UTC)
 * @param wallTimeSeconds wall time of the whole run
 * @param steps training steps run
 * @param fineTuning {@code lora} or {@code full}
 * @param trainableParameters parameters the optimiser updates
 * @param totalParameters all parameters of the model
 * @param mainMetric the metric that ranks runs
 * @param higherIsBetter the main metric's direction
 * @param bestValue the main metric's best logged value, or null when never logged
 * @param bestStep the step of the best value, or null
 * @param finalMetrics every metric's last logged value
 * @param bestMetrics every metric logged at the best step
 * @param status {@value #FINISHED}, or {@value #INTERRUPTED} when a signal stopped the run at
 *     {@code steps} (its last checkpoint; {@code lorakit resume} continues it); null in summaries
 *     written before session 4, which were all finished
 * @param interruptedBy what stopped an interrupted run ({@code SIGINT}, {@code SIGTERM}), else null
 */
public record RunSummary(
        String config,
        String plugin,
        long seed,
        String lorakitVersion,
        String gitCommit,
        String startedAt,
        double wallTimeSeconds,
        long steps,
        String fineTuning,
        long trainableParameters,
        long totalParameters,
        String mainMetric,
        boolean higherIsBetter,
        Double bestValue,
        Long bestStep,
        Map<String, Double> finalMetrics,
        Map<String, Double> bestMetrics,
        String status,
        String interruptedBy) {

    /** {@code status} of a run that reached its budget (or stopped early). */
    public static final String FINISHED = "finished";

    /** {@code status} of a run a signal stopped before its budget. */
    public static final String INTERRUPTED = "interrupted";

    /**
     * Whether a signal stopped the run before its budget.
     *
     * @return true for an interrupted run
     */
    public boolean interrupted() {
        return INTERRUPTED.equals(status);
    }

    /**
     * The final value of each metric and the main metric's best point, from a journal.
     *
     * @param series the journal's series ({@link MetricsJournal#read})
     * @param mainMetric the main metric name
     * @param higherIsBetter its direction
     * @return final metrics, best value, best step and the metrics at that step
     */
    static Best best(Map<String, List<double[]>> series, String mainMetric, boolean higherIsBetter) {
        Map<String, Double> last = new java.util.TreeMap<>();
        series.forEach((k, v) -> last.put(k, v.get(v.size() - 1)[1]));
        List<double[]> main = series.getOrDefault(mainMetric, List.of());
        double[] best = null;
        for (double[] p : main) {
            if (best == null || (higherIsBetter ? p[1] > best[1] : p[1] < best[1])) {
                best = p;
            }
        }
        Map<String, Double> atBest = new java.util.TreeMap<>();
        if (best != null) {
            long step = (long) best[0];
            series.forEach((k, v) -> v.stream().filter(p -> (long) p[0] == step).reduce((a, b) -> b)
                    .ifPresent(p -> atBest.put(k, p[1])));
        }
        return new Best(last, best == null ? null : best[1], best == null ? null : (long) best[0], atBest);
    }

    /** The outcome of {@link #best}. */
    record Best(Map<String, Double> finalMetrics, Double bestValue, Long bestStep, Map<String, Double> bestMetrics) {}
}
