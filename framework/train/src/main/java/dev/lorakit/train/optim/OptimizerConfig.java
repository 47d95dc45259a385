package dev.lorakit.train.optim;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The {@code trainer.optimizer:} section, a typed variant chosen by its required {@code type}
 * key (a config without the section gets AdamW's defaults).
 *
 * <pre>{@code
 * optimizer: {type: adamw, lr: 2.0e-4, betas: [0.9, 0.999], eps: 1.0e-8, weight_decay: 0.01}
 * optimizer: {type: sgd, lr: 0.1, momentum: 0.9, nesterov: true}
 * }</pre>
 */
// No defaultImpl: Jackson would map an unknown (misspelt) type to it instead of failing.
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AdamWConfig.class, name = "adamw"),
    @JsonSubTypes.Type(value = SgdConfig.class, name = "sgd")
})
public sealed interface OptimizerConfig permits AdamWConfig, SgdConfig {

    /**
     * The peak learning rate; the schedule scales it.
     *
     * @return the base learning rate
     */
    double lr();

    /**
     * Builds the optimizer this config describes.
     *
     * @param stateManager where the optimizer keeps its moment arrays (on the model's device);
     *     the optimizer closes its own sub-manager of it
     * @return a new optimizer with empty state
     */
    Optimizer newOptimizer(NDManager stateManager);

    /**
     * Fails with a message naming the key when {@code value} is not positive and finite.
     *
     * @param key the config key, e.g. {@code trainer.optimizer.lr}
     * @param value the value
     */
    static void requirePositive(String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(key + " must be > 0, got " + value);
        }
    }

    /**
     * Fails with a message naming the key when {@code value} is outside {@code [0, 1)}.
     *
     * @param key the config key
     * @param value the value
     */
    static void requireUnitInterval(String key, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(key + " must be in [0, 1), got " + value);
        }
    }
}
