package dev.lorakit.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code checkpoint:} section of an experiment config.
 *
 * <pre>{@code
 * checkpoint: {every_steps: 500, keep_last: 2, keep_best: 1, best_metric: eval/accuracy, adapter_only: true}
 * }</pre>
 *
 * @param everySteps write a checkpoint every this many steps (optimizer updates for supervised
 *     runs, environment steps for RL); 0 disables periodic checkpoints
 * @param keepLast how many of the newest checkpoints to keep, >= 1
 * @param keepBest how many of the best checkpoints by {@code best_metric} to keep besides, >= 0
 * @param bestMetric the metric that ranks checkpoints, or null for the task's main metric
 * @param adapterOnly save only trainable parameters (LoRA adapters and modules to save) rather
 *     than the whole model; frozen base weights are reloaded from their source on resume
 */
public record CheckpointConfig(
        int everySteps, int keepLast, int keepBest, String bestMetric, boolean adapterOnly) {

    /**
     * Validates the values, naming their keys.
     *
     * @param everySteps interval
     * @param keepLast newest to keep
     * @param keepBest best to keep
     * @param bestMetric ranking metric or null
     * @param adapterOnly trainable parameters only
     */
    public CheckpointConfig {
        if (everySteps < 0) {
            throw new IllegalArgumentException(
                    "checkpoint.every_steps must be >= 0 (0 disables), got " + everySteps);
        }
        if (keepLast < 1) {
            throw new IllegalArgumentException("checkpoint.keep_last must be >= 1, got " + keepLast);
        }
        if (keepBest < 0) {
            throw new IllegalArgumentException("checkpoint.keep_best must be >= 0, got " + keepBest);
        }
        if (bestMetric != null && bestMetric.isBlank()) {
            throw new IllegalArgumentException("checkpoint.best_metric must not be blank");
        }
    }

    /**
     * Binds the YAML keys; defaults: every 500 steps, keep the last 2 and the best 1 by the
     * task's main metric, whole model (adapter_only false: a resumed run then needs nothing
     * but the checkpoint; with true the base weights must come back identical from their source).
     *
     * @param everySteps {@code every_steps}
     * @param keepLast {@code keep_last}
     * @param keepBest {@code keep_best}
     * @param bestMetric {@code best_metric}
     * @param adapterOnly {@code adapter_only}
     * @return the config
     */
    @JsonCreator
    public static CheckpointConfig of(
            @JsonProperty("every_steps") Integer everySteps,
            @JsonProperty("keep_last") Integer keepLast,
            @JsonProperty("keep_best") Integer keepBest,
            @JsonProperty("best_metric") String bestMetric,
            @JsonProperty("adapter_only") Boolean adapterOnly) {
        return new CheckpointConfig(
                everySteps == null ? 500 : everySteps,
                keepLast == null ? 2 : keepLast,
                keepBest == null ? 1 : keepBest,
                bestMetric,
                adapterOnly != null && adapterOnly);
    }

    /**
     * All defaults, as for a config without a {@code checkpoint:} section.
     *
     * @return the default config
     */
    public static CheckpointConfig defaults() {
        return of(null, null, null, null, null);
    }

    @JsonProperty("every_steps")
    @Override
    public int everySteps() {
        return everySteps;
    }

    @JsonProperty("keep_last")
    @Override
    public int keepLast() {
        return keepLast;
    }

    @JsonProperty("keep_best")
    @Override
    public int keepBest() {
        return keepBest;
    }

    @JsonProperty("best_metric")
    @Override
    public String bestMetric() {
        return bestMetric;
    }

    @JsonProperty("adapter_only")
    @Override
    public boolean adapterOnly() {
        return adapterOnly;
    }
}
