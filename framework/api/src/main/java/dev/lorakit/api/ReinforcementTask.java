package dev.lorakit.api;

/**
 * A task that drives its own environment loop (acting, storing transitions) and calls the
 * shared {@link Learner} for every gradient step, so that optimiser, schedule, clipping,
 * non-finite guards and checkpoints are the same as for supervised work.
 */
public interface ReinforcementTask extends Task {

    /**
     * Runs (or, after a restore of {@link #state()}, continues) training until the task's
     * budget is spent or {@link RlRuntime#stopRequested()}.
     *
     * @param runtime the learner, metrics and checkpoint hooks of this run
     * @throws Exception when training fails
     */
    void train(RlRuntime runtime) throws Exception;
}
