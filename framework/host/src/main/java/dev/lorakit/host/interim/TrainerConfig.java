package dev.lorakit.host.interim;

/**
 * The {@code trainer:} section (interim: replaced by {@code dev.lorakit.train.TrainerConfig}).
 *
 * @param maxSteps optimiser steps to run (default 200)
 * @param batchSize examples per step (default 32)
 * @param lr Adam learning rate (default 1e-3)
 * @param evalEvery evaluate every this many steps (default 50)
 * @param logEvery log training metrics every this many steps (default 10)
 */
public record TrainerConfig(Integer maxSteps, Integer batchSize, Double lr, Integer evalEvery, Integer logEvery) {

    /**
     * Applies defaults and validates.
     *
     * @param maxSteps optimiser steps
     * @param batchSize examples per step
     * @param lr learning rate
     * @param evalEvery evaluation interval
     * @param logEvery logging interval
     */
    public TrainerConfig {
        maxSteps = maxSteps == null ? 200 : maxSteps;
        batchSize = batchSize == null ? 32 : batchSize;
        lr = lr == null ? 1e-3 : lr;
        evalEvery = evalEvery == null ? 50 : evalEvery;
        logEvery = logEvery == null ? 10 : logEvery;
        positive("trainer.max_steps", maxSteps);
        positive("trainer.batch_size", batchSize);
        positive("trainer.eval_every", evalEvery);
        positive("trainer.log_every", logEvery);
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("trainer.lr: " + lr + " is out of range (must be > 0)");
        }
    }

    static void positive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + ": " + value + " is out of range (must be >= 1)");
        }
    }
}
