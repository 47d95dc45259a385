package dev.lorakit.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * AdamW as {@code torch.optim.AdamW} (single-tensor path, no amsgrad): the weight decays by
 * {@code lr * weight_decay} first, then moves by the bias-corrected Adam step.
 */
public final class AdamW extends Optimizer {

    private final AdamWConfig config;

    /**
     * Creates AdamW with empty state.
     *
     * @param config hyperparameters
     * @param stateManager where the moment buffers live
     */
    public AdamW(AdamWConfig config, NDManager stateManager) {
        super(stateManager);
        this.config = config;
    }

    @Override
    protected String type() {
        return "adamw";
    }

    @Override
    public double baseLearningRate() {
        return config.lr();
    }

    @Override
    protected NDArray[] update(
            NDArray weight, NDArray gradient, NDArray[] buffers, long step, double lr) {
        NDArray[] state = buffers != null ? buffers : new NDArray[] {weight.zerosLike(), weight.zerosLike()};
        NDArray expAvg = state[0];
        NDArray expAvgSq = state[1];
        if (config.weightDecay() != 0) {
            weight.muli(1 - lr * config.weightDecay());
        }
        expAvg.muli(config.beta1()).addi(gradient.mul(1 - config.beta1()));
        expAvgSq.muli(config.beta2()).addi(gradient.square().muli(1 - config.beta2()));
        double biasCorrection1 = 1 - Math.pow(config.beta1(), step);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(config.beta2(), step));
        double stepSize = lr / biasCorrection1;
        NDArray denom = expAvgSq.sqrt().divi(biasCorrection2Sqrt).addi(config.eps());
        weight.subi(expAvg.div(denom).muli(stepSize));
        return state;
    }
}
