package dev.lorakit.plugins.dqn;

/**
 * CleanRL's {@code linear_schedule}: epsilon falls linearly from {@code start} to {@code end}
 * over {@code duration} steps and stays at {@code end}.
 *
 * @param start epsilon at step 0
 * @param end epsilon from step {@code duration} on
 * @param duration steps of the decay ({@code exploration_fraction * total_timesteps})
 */
public record EpsilonSchedule(double start, double end, long duration) {

    /**
     * Validates the schedule.
     *
     * @param start in [0, 1]
     * @param end in [0, 1]
     * @param duration >= 0
     */
    public EpsilonSchedule {
        if (!(start >= 0 && start <= 1) || !(end >= 0 && end <= 1)) {
            throw new IllegalArgumentException(
                    "epsilon start and end must be in [0, 1], got " + start + " and " + end);
        }
        if (duration < 0) {
            throw new IllegalArgumentException("epsilon decay duration must be >= 0, got " + duration);
        }
    }

    /**
     * Epsilon at an environment step.
     *
     * @param step the global step
     * @return the exploration probability
     */
    public double value(long step) {
        if (duration == 0) {
            return end;
        }
        double slope = (end - start) / duration;
        return Math.max(slope * step + start, Math.min(start, end));
    }
}
