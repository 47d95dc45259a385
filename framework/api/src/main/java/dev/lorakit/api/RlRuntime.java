package dev.lorakit.api;

import java.util.Map;

/** What the host gives a {@link ReinforcementTask} while it trains. */
public interface RlRuntime {

    /**
     * The shared learner over the (LoRA-injected) model.
     *
     * @return the learner
     */
    Learner learner();

    /**
     * Logs metrics for a step (CleanRL names: {@code charts/episodic_return}, {@code
     * losses/td_loss}, {@code charts/SPS}).
     *
     * @param step the environment step
     * @param metrics name to value
     */
    void log(long step, Map<String, Double> metrics);

    /**
     * Writes a checkpoint when one is due at {@code step} (by the run's checkpoint interval);
     * call it at points where the task's {@link Task#state()} is consistent.
     *
     * @param step the environment step
     * @param metrics latest metrics, used to keep the best checkpoints
     */
    void checkpointIfDue(long step, Map<String, Double> metrics);

    /**
     * Reports progress for the console bar.
     *
     * @param step the environment step
     * @param total the step budget
     * @param message short status, e.g. the latest episodic return
     */
    void progress(long step, long total, String message);

    /**
     * Whether the run should stop early (early stopping, a signal). Poll it between steps, where
     * {@link Task#state()} is consistent: the host then writes a checkpoint that resuming continues
     * from. A task that never calls it is, on a signal, stopped by an unchecked exception from its
     * next {@link #log} or {@link #progress} call, without a checkpoint.
     *
     * @return true to stop at the next safe point
     */
    boolean stopRequested();
}
