package dev.lorakit.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.lorakit.lora.ndarray.ScalarOps;

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
        if (config.weightDecay() != 0) {
            ScalarOps.muli(weight, 1 - lr * config.weightDecay());
        }
        double biasCorrection1 = 1 - Math.pow(config.beta1(), step);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(config.beta2(), step));
        // torch: w -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps), which equals
        // w -= c * m / (sqrt(v) + e) with c = lr*sqrt(bc2)/bc1 and e = eps*sqrt(bc2).
        float stepSize = (float) (lr * biasCorrection2Sqrt / biasCorrection1);
        float epsilon = (float) (config.eps() * biasCorrection2Sqrt);
        // The engine's fused update does m = b1*m + (1-b1)*g, v = b2*v + (1-b2)*g^2 and
        // w -= c * m / (sqrt(v) + e) in one native call (a dozen NDArray calls otherwise, which
        // dominate the cost for small LoRA and DQN tensors). An in-place element-wise chain for
        // large tensors was tried and measured no faster on these 2-core machines (see
        // docs/BENCHMARKS.md), so every tensor takes the fused call. Weight decay is applied
        // above, decoupled, so the fused call gets none.
        weight.getNDArrayInternal()
                .adamUpdate(
                        new NDList(weight, gradient, state[0], state[1]),
                        new NDList(weight),
                        (float) lr,
                        stepSize,
                        0f,
                        1f,
                        -1f,
                        (float) config.beta1(),
                        (float) config.beta2(),
                        epsilon,
                        false,
                        false);
        return state;
    }
}
