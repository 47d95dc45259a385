package dev.lorakit.env;

import java.util.List;
import java.util.Map;

/**
 * One step of a {@link VectorEnvironment}. Where sub-environment {@code i} finished ({@code
 * terminated[i] || truncated[i]}), {@code observations[i]} is already the first observation of
 * its next episode and {@code finalObservations[i]} is the last observation of the finished
 * one (null elsewhere), as Gymnasium's same-step auto-reset reports {@code final_obs}; use the
 * final observation for the bootstrap target of a truncated episode.
 *
 * @param observations next observations, one row per sub-environment
 * @param rewards rewards
 * @param terminated terminated flags
 * @param truncated truncated flags
 * @param finalObservations last observations of finished episodes, null where none finished
 * @param infos per sub-environment info (of the finished episode where one finished)
 */
public record VectorStepResult(
        float[][] observations,
        double[] rewards,
        boolean[] terminated,
        boolean[] truncated,
        float[][] finalObservations,
        List<Map<String, Object>> infos) {

    /**
     * Whether sub-environment {@code i} finished an episode in this step.
     *
     * @param i the index
     * @return {@code terminated[i] || truncated[i]}
     */
    public boolean done(int i) {
        return terminated[i] || truncated[i];
    }
}
