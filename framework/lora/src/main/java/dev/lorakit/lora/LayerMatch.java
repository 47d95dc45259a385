package dev.lorakit.lora;

import ai.djl.ndarray.types.Shape;

/**
 * A layer a config selects for an adapter, with the adapter's size on it.
 *
 * @param path the layer's module path
 * @param kind Linear, Conv2d or Embedding
 * @param pattern the {@code target_modules} entry that matched
 * @param rank the rank on this layer (after {@code rank_pattern})
 * @param alpha the alpha on this layer (after {@code alpha_pattern})
 * @param scale alpha/r, or alpha/√r with rsLoRA
 * @param aShape shape of A
 * @param bShape shape of B
 */
public record LayerMatch(String path, LoraLayerKind kind, String pattern, int rank, double alpha, double scale, Shape aShape, Shape bShape) {

    /**
     * Parameters the adapter adds on this layer.
     *
     * @return |A| + |B|
     */
    public long parameterCount() {
        return aShape.size() + bShape.size();
    }
}
