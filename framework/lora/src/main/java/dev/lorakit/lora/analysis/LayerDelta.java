package dev.lorakit.lora.analysis;

import dev.lorakit.lora.peft.AdapterFolderSummary;

/**
 * One adapted layer's weight update as a matrix: ΔW = scale·B·A, laid out like the base weight
 * it adds to (conv2d kernels flattened to [out, in·kh·kw]; embeddings [num, dim], i.e.
 * (B·A)ᵀ as PEFT merges them).
 *
 * @param layer the layer's entry in the adapter folder (path, kind, rank, alpha, scale, shapes)
 * @param delta ΔW, scale included
 */
public record LayerDelta(AdapterFolderSummary.Layer layer, DenseMatrix delta) {

    /**
     * Builds ΔW from the factors as stored in PEFT's file.
     *
     * @param layer the layer's entry
     * @param a lora_A values, row-major in the file's shape
     * @param b lora_B values, row-major in the file's shape
     * @return the update
     */
    public static LayerDelta of(AdapterFolderSummary.Layer layer, float[] a, float[] b) {
        int r = Math.toIntExact(layer.rank());
        // Every kind stores A as [r, rest...] and B as [out, r, (1, 1)]: flatten and multiply.
        int aCols = Math.toIntExact(layer.aShape().size() / r);
        int bRows = Math.toIntExact(layer.bShape().get(0));
        if (layer.bShape().size() != (long) bRows * r) {
            throw new IllegalArgumentException("Layer '" + layer.path() + "': lora_B " + layer.bShape() + " does not have rank " + r + " as lora_A " + layer.aShape() + " has");
        }
        DenseMatrix product = DenseMatrix.ofFloats(bRows, r, b).times(DenseMatrix.ofFloats(r, aCols, a)).scaled(layer.scale());
        return new LayerDelta(layer, layer.kind().equals("embedding") ? product.transpose() : product);
    }
}
