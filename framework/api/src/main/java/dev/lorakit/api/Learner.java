package dev.lorakit.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * The one optimisation step every plugin shares: forward inside a gradient collector, loss,
 * backward, gradient accumulation and clipping, a guard that skips non-finite losses or
 * gradients, the optimiser update of trainable parameters only, and the LR schedule.
 *
 * <pre>{@code
 * double td = learner.step(forward -> {
 *     NDArray q = forward.apply(new NDList(obs)).head();
 *     return huber(q.gather(actions), targets);
 * }).loss();
 * }</pre>
 */
public interface Learner {

    /** Computes a batch's loss from the model's training-mode forward pass. */
    @FunctionalInterface
    interface LossFunction {
        /**
         * The scalar loss of one (micro-)batch.
         *
         * @param forward runs the model in training mode on the given inputs
         * @return the loss
         */
        NDArray loss(Forward forward);
    }

    /** The model's forward pass in training mode, through the learner's parameter store. */
    @FunctionalInterface
    interface Forward {
        /**
         * Runs the model.
         *
         * @param inputs model inputs
         * @return model outputs
         */
        NDList apply(NDList inputs);
    }

    /**
     * The outcome of one step.
     *
     * @param loss the loss value (NaN when skipped)
     * @param gradientNorm the global gradient norm before clipping (NaN when not computed)
     * @param applied whether the optimiser updated the parameters (false while accumulating or
     *     when skipped)
     * @param skipped whether the step was skipped for a non-finite loss or gradient
     */
    record StepResult(double loss, double gradientNorm, boolean applied, boolean skipped) {}

    /**
     * One micro-batch: forward, backward, and an optimiser update once enough micro-batches are
     * accumulated.
     *
     * @param lossFunction computes the loss from the forward pass
     * @return what happened
     */
    StepResult step(LossFunction lossFunction);

    /**
     * The model's forward pass in inference mode (no gradients), e.g. for acting or targets.
     *
     * @param inputs model inputs
     * @return model outputs
     */
    NDList predict(NDList inputs);

    /**
     * Optimiser updates applied so far.
     *
     * @return the update count
     */
    long updates();

    /**
     * The learning rate the next update will use.
     *
     * @return the current learning rate
     */
    double learningRate();
}
