package dev.lorakit.env;

import java.util.Map;

/**
 * What {@link Environment#step(int)} returns, as Gymnasium's five-tuple.
 *
 * <p>{@code terminated} means the MDP reached a terminal state (do not bootstrap from the next
 * observation); {@code truncated} means the episode was cut (time limit) and the value of the
 * next observation still counts. Both may be true at once.
 *
 * @param observation observation after the step, flat; a fresh array owned by the caller
 * @param reward the reward of the transition
 * @param terminated whether a terminal state was reached
 * @param truncated whether the episode was cut short
 * @param info extra information, empty when the environment has none
 */
public record StepResult(float[] observation, double reward, boolean terminated, boolean truncated, Map<String, Object> info) {

    /**
     * Whether the episode is over and {@link Environment#reset()} must be called.
     *
     * @return {@code terminated || truncated}
     */
    public boolean done() {
        return terminated || truncated;
    }

    /**
     * A copy with other flags and info, used by wrappers.
     *
     * @param newTruncated the truncated flag
     * @param newInfo the info
     * @return the copy
     */
    public StepResult with(boolean newTruncated, Map<String, Object> newInfo) {
        return new StepResult(observation, reward, terminated, newTruncated, newInfo);
    }

    /**
     * A copy with another observation, used by observation wrappers.
     *
     * @param newObservation the observation
     * @return the copy
     */
    public StepResult withObservation(float[] newObservation) {
        return new StepResult(newObservation, reward, terminated, truncated, info);
    }
}
