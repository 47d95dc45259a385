package dev.lorakit.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * A task the shared trainer runs over indexable data: each epoch it orders the example indices
 * with the run's seeded RNG ({@link ExampleSource#epochOrder}), asks {@link #trainData()} for batches, computes {@link #loss} and
 * steps the {@link Learner}; every N steps it evaluates on {@link #evalData()} with a fresh
 * {@link #newMetrics()}.
 */
public interface SupervisedTask extends Task {

    /**
     * Training examples.
     *
     * @return the training split
     */
    ExampleSource trainData();

    /**
     * Examples for evaluation (validation split during training).
     *
     * @return the evaluation split
     */
    ExampleSource evalData();

    /**
     * Held-out test examples evaluated once at the end, if the task has a test split.
     *
     * @return the test split, or null when there is none
     */
    default ExampleSource testData() {
        return null;
    }

    /**
     * The training loss of one batch.
     *
     * @param predictions the model's output for the batch
     * @param labels the batch's labels
     * @return a scalar loss
     */
    NDArray loss(NDList predictions, NDList labels);

    /**
     * A new, empty metric accumulator for one evaluation pass.
     *
     * @return the accumulator
     */
    MetricAccumulator newMetrics();
}
