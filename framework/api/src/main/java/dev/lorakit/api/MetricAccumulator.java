package dev.lorakit.api;

import ai.djl.ndarray.NDList;
import java.util.Map;

/** Accumulates predictions over an evaluation pass and computes metrics at the end. */
public interface MetricAccumulator {

    /**
     * Adds one batch. Keep what is accumulated in Java values: the trainer frees every array
     * created during the batch (its sub-manager and an {@code NDScope}) once the batch is done.
     *
     * @param predictions the model's output
     * @param labels the batch's labels
     */
    void update(NDList predictions, NDList labels);

    /**
     * The metrics of everything added, without prefix ({@code accuracy}, {@code macro_f1});
     * the trainer prefixes them with {@code eval/} or {@code test/}.
     *
     * @return metric name to value
     */
    Map<String, Double> compute();
}
