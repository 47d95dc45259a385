package dev.lorakit.api;

import ai.djl.ndarray.NDManager;

/**
 * Indexable examples. The trainer owns the order (a seeded permutation per epoch), so a
 * resumed run sees the same batches as an uninterrupted one; a source only turns indices into
 * arrays.
 */
public interface ExampleSource {

    /**
     * Number of examples.
     *
     * @return the size
     */
    int size();

    /**
     * The examples at {@code indices} as one batch, its arrays created in {@code manager} (a
     * per-step manager the trainer closes after the step).
     *
     * @param manager where to create the arrays
     * @param indices example indices, in batch order
     * @return the batch
     */
    Batch batch(NDManager manager, int[] indices);
}
