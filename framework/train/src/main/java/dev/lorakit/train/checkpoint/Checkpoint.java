package dev.lorakit.train.checkpoint;

import java.nio.file.Path;
import java.util.Map;

/**
 * A checkpoint on disk whose manifest was read.
 *
 * @param step the step it was taken at
 * @param directory its {@code step-NNNNNN} directory
 * @param metrics the metrics recorded with it
 * @param adapterOnly whether it holds only trainable parameters
 */
public record Checkpoint(long step, Path directory, Map<String, Double> metrics, boolean adapterOnly) {

    /**
     * Copies the metrics.
     *
     * @param step step
     * @param directory directory
     * @param metrics metrics
     * @param adapterOnly trainable parameters only
     */
    public Checkpoint {
        metrics = Map.copyOf(metrics);
    }
}
