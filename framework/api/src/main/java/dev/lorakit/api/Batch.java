package dev.lorakit.api;

import ai.djl.ndarray.NDList;

/**
 * One batch: model inputs and labels.
 *
 * @param inputs what the model's forward takes
 * @param labels what the loss and metrics compare against
 */
public record Batch(NDList inputs, NDList labels) {}
