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
        NDArray direction = gradient;
        if (config.weightDecay() != 0) {
            direction = direction.add(weight.mul(config.weightDecay()));
        }
        NDArray[] state = buffers != null ? buffers : NO_STATE;
        if (config.momentum() != 0) {
            if (buffers == null) {
                // torch starts the buffer as a detached copy of the first gradient, not as zeros.
                state = new NDArray[] {direction.duplicate()};
            } else {
                state[0].muli(config.momentum()).addi(direction);
            }
            direction =
                    config.nesterov() ? direction.add(state[0].mul(config.momentum())) : state[0];
        }
        weight.subi(direction.mul(lr));
        return state;
    }
}
