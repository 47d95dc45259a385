package dev.lorakit.train.optim;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * AdamW with decoupled weight decay, as {@code torch.optim.AdamW}.
 *
 * @param lr the base learning rate, > 0
 * @param beta1 decay of the first moment, in [0, 1)
 * @param beta2 decay of the second moment, in [0, 1)
 * @param eps added to the denominator, > 0
 * @param weightDecay decoupled weight decay, >= 0 (0 skips the decay entirely)
 */
public record AdamWConfig(
        double lr,
        @JsonIgnore double beta1,
        @JsonIgnore double beta2,
        double eps,
        double weightDecay)
        implements OptimizerConfig {

    /** torch.optim.AdamW's default learning rate. */
    public static final double DEFAULT_LR = 1e-3;

    /**
     * Validates every value, naming its key.
     *
     * @param lr the base learning rate
     * @param beta1 decay of the first moment
     * @param beta2 decay of the second moment
     * @param eps denominator term
     * @param weightDecay decoupled weight decay
     */
    public AdamWConfig {
        OptimizerConfig.requirePositive("trainer.optimizer.lr", lr);
        OptimizerConfig.requireUnitInterval("trainer.optimizer.betas[0]", beta1);
        OptimizerConfig.requireUnitInterval("trainer.optimizer.betas[1]", beta2);
        OptimizerConfig.requirePositive("trainer.optimizer.eps", eps);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException(
                    "trainer.optimizer.weight_decay must be >= 0, got " + weightDecay);
        }
    }

    /**
     * Binds the YAML keys; omitted keys take torch's defaults (lr 1e-3, betas [0.9, 0.999],
     * eps 1e-8) except weight_decay, which defaults to 0 rather than torch's 0.01 so that a
     * config without it does not decay LoRA weights silently.
     *
     * @param lr {@code lr}
     * @param betas {@code betas}: two numbers
     * @param eps {@code eps}
     * @param weightDecay {@code weight_decay}
     * @return the config
     */
    @JsonCreator
    public static AdamWConfig of(
            @JsonProperty("lr") Double lr,
            @JsonProperty("betas") List<Double> betas,
            @JsonProperty("eps") Double eps,
            @JsonProperty("weight_decay") Double weightDecay) {
        if (betas != null && betas.size() != 2) {
            throw new IllegalArgumentException(
                    "trainer.optimizer.betas must hold two numbers [beta1, beta2], got " + betas);
        }
        return new AdamWConfig(
                lr == null ? DEFAULT_LR : lr,
                betas == null ? 0.9 : betas.get(0),
                betas == null ? 0.999 : betas.get(1),
                eps == null ? 1e-8 : eps,
                weightDecay == null ? 0.0 : weightDecay);
    }

    /**
     * The defaults of {@link #of}.
     *
     * @return AdamW with lr 1e-3, betas [0.9, 0.999], eps 1e-8, no weight decay
     */
    public static AdamWConfig defaults() {
        return of(null, null, null, null);
    }

    /**
     * The two betas as the config writes them.
     *
     * @return {@code [beta1, beta2]}
     */
    @JsonProperty("betas")
    public List<Double> betas() {
        return List.of(beta1, beta2);
    }

    @JsonProperty("weight_decay")
    @Override
    public double weightDecay() {
        return weightDecay;
    }

    @Override
    public Optimizer newOptimizer(NDManager stateManager) {
        return new AdamW(this, stateManager);
    }
}
