package dev.lorakit.train.optim;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * SGD with optional (Nesterov) momentum and L2 weight decay, as {@code torch.optim.SGD}
 * (dampening 0).
 *
 * @param lr the base learning rate, > 0
 * @param momentum momentum factor, in [0, 1)
 * @param nesterov whether to use Nesterov momentum (needs momentum > 0)
 * @param weightDecay L2 penalty added to the gradient, >= 0
 */
public record SgdConfig(double lr, double momentum, boolean nesterov, double weightDecay)
        implements OptimizerConfig {

    /**
     * Validates every value, naming its key.
     *
     * @param lr the base learning rate
     * @param momentum momentum factor
     * @param nesterov Nesterov momentum
     * @param weightDecay L2 penalty
     */
    public SgdConfig {
        OptimizerConfig.requirePositive("trainer.optimizer.lr", lr);
        OptimizerConfig.requireUnitInterval("trainer.optimizer.momentum", momentum);
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException(
                    "trainer.optimizer.nesterov needs trainer.optimizer.momentum > 0, got 0");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException(
                    "trainer.optimizer.weight_decay must be >= 0, got " + weightDecay);
        }
    }

    /**
     * Binds the YAML keys; {@code lr} is required as in torch, the rest default to 0/false.
     *
     * @param lr {@code lr}
     * @param momentum {@code momentum}
     * @param nesterov {@code nesterov}
     * @param weightDecay {@code weight_decay}
     * @return the config
     */
    @JsonCreator
    public static SgdConfig of(
            @JsonProperty("lr") Double lr,
            @JsonProperty("momentum") Double momentum,
            @JsonProperty("nesterov") Boolean nesterov,
            @JsonProperty("weight_decay") Double weightDecay) {
        if (lr == null) {
            throw new IllegalArgumentException("trainer.optimizer.lr is required for type sgd");
        }
        return new SgdConfig(
                lr,
                momentum == null ? 0.0 : momentum,
                nesterov != null && nesterov,
                weightDecay == null ? 0.0 : weightDecay);
    }

    @JsonProperty("weight_decay")
    @Override
    public double weightDecay() {
        return weightDecay;
    }

    @Override
    public Optimizer newOptimizer(NDManager stateManager) {
        return new SgdMomentum(this, stateManager);
    }
}
