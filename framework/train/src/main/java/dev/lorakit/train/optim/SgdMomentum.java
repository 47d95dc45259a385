package dev.lorakit.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * SGD as {@code torch.optim.SGD} with dampening 0: L2 weight decay is added to the gradient,
 * the momentum buffer starts as a copy of the first gradient, Nesterov looks one step ahead.
 * Without momentum it keeps no state.
 */
public final class SgdMomentum extends Optimizer {

    private static final NDArray[] NO_STATE = new NDArray[0];

    private final SgdConfig config;

    /**
     * Creates SGD with empty state.
     *
     * @param config hyperparameters
     * @param stateManager where the momentum buffers live
     */
    public SgdMomentum(SgdConfig config, NDManager stateManager) {
        super(stateManager);
        this.config = config;
    }

    @Override
    protected String type() {
        return "sgd";
    }

    @Override
    public double baseLearningRate() {
        return config.lr();
    }

    @Override
    protected NDArray[] update(
            NDArray weight, NDArray gradient, NDArray[] buffers, long step, double lr) {
        // Every line is one engine call on the tensor (axpby is the engine's SGD kernel) for
        // small tensors; large ones take the in-place element-wise form of the same formula.
        // The gradient is scratch: it becomes the decayed gradient and the Nesterov direction.
        boolean chained = chained(weight);
        NDArray direction = gradient;
        if (config.weightDecay() != 0) {
            if (chained) {
                direction.addi(weight.mul(config.weightDecay()));
            } else {
                axpby(direction, weight, 1, config.weightDecay());
            }
        }
        NDArray[] state = buffers != null ? buffers : NO_STATE;
        if (config.momentum() != 0) {
            // torch starts the buffer as a copy of the first (decayed) gradient; with dampening 0
            // that is exactly momentum * 0 + direction, so a zero buffer gives the same update.
            state = buffers != null ? buffers : new NDArray[] {weight.zerosLike()};
            NDArray momentum = state[0];
            if (chained) {
                momentum.muli(config.momentum()).addi(direction);
            } else {
                axpby(momentum, direction, config.momentum(), 1);
            }
            if (config.nesterov()) {
                if (chained) {
                    direction.addi(momentum.mul(config.momentum()));
                } else {
                    axpby(direction, momentum, 1, config.momentum());
                }
            } else {
                direction = momentum;
            }
        }
        if (chained) {
            weight.subi(direction == gradient ? direction.muli(lr) : direction.mul(lr));
        } else {
            axpby(weight, direction, 1, -lr);
        }
        return state;
    }
}
