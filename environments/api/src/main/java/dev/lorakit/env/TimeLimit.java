package dev.lorakit.env;

/**
 * Truncates episodes after a number of steps, as Gymnasium's {@code TimeLimit}: the step that
 * reaches the limit returns {@code truncated = true} (possibly together with {@code
 * terminated}), and stepping further without a reset is an error.
 */
public final class TimeLimit extends Wrapper {
    private final int maxEpisodeSteps;
    private int elapsed;
    private boolean truncatedHere;

    /**
     * Wraps an environment.
     *
     * @param env the environment
     * @param maxEpisodeSteps the step limit, at least 1
     */
    public TimeLimit(Environment env, int maxEpisodeSteps) {
        super(env);
        if (maxEpisodeSteps < 1) {
            throw new IllegalArgumentException("max_episode_steps must be >= 1, got " + maxEpisodeSteps);
        }
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    /**
     * The step limit.
     *
     * @return max episode steps
     */
    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /**
     * Steps taken in the current episode.
     *
     * @return the count
     */
    public int elapsedSteps() {
        return elapsed;
    }

    @Override
    protected ResetResult onReset(ResetResult result) {
        elapsed = 0;
        truncatedHere = false;
        return result;
    }

    @Override
    protected void beforeStep() {
        if (truncatedHere) {
            throw new IllegalStateException(id() + ": the episode was truncated at the time limit of " + maxEpisodeSteps
                    + " steps; call reset() before step()");
        }
    }

    @Override
    protected StepResult onStep(StepResult result) {
        elapsed++;
        if (elapsed >= maxEpisodeSteps && !result.truncated()) {
            truncatedHere = true;
            return result.with(true, result.info());
        }
        return result;
    }

    @Override
    public String toString() {
        return "TimeLimit(" + maxEpisodeSteps + ")<" + env + ">";
    }
}
