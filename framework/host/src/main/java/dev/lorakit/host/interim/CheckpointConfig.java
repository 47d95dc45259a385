package dev.lorakit.host.interim;

/**
 * The {@code checkpoint:} section (interim: replaced by {@code dev.lorakit.train.CheckpointConfig}).
 *
 * @param everySteps checkpoint interval in steps (default 100)
 * @param keepLast how many recent checkpoints to keep (default 2)
 */
public record CheckpointConfig(Integer everySteps, Integer keepLast) {

    /**
     * Applies defaults and validates.
     *
     * @param everySteps checkpoint interval
     * @param keepLast checkpoints kept
     */
    public CheckpointConfig {
        everySteps = everySteps == null ? 100 : everySteps;
        keepLast = keepLast == null ? 2 : keepLast;
        TrainerConfig.positive("checkpoint.every_steps", everySteps);
        TrainerConfig.positive("checkpoint.keep_last", keepLast);
    }
}
