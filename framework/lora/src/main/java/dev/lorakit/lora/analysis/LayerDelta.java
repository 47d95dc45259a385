package dev.lorakit.lora.analysis;

import dev.lorakit.lora.peft.AdapterFolderSummary;

/**
 * One adapted layer's weight update as a matrix: ΔW = scale·B·A, laid out like the base weight
 * it adds to (conv2d kernels flattened to [out, in·kh·kw]; embeddings [num, dim], i.e.
 * (B·A)ᵀ as PEFT merges them).
 *
 * @param layer the layer's entry in the adapter folder (path, kind, rank, alpha, scale, shapes)
 * @param delta ΔW, scale included
 * @param left L with ΔW = L·R (m×r), or null when only ΔW is known
 * @param right R (r×n), or null when only ΔW is known
 */
public record LayerDelta(AdapterFolderSummary.Layer layer, DenseMatrix delta, DenseMatrix left, DenseMatrix right) {

    /**
     * An update known only as a matrix (its SVD is then the full Jacobi one).
     *
     * @param layer the layer's entry
     * @param delta ΔW
     */
    public LayerDelta(AdapterFolderSummary.Layer layer, DenseMatrix delta) {
        this(layer, delta, null, null);
    }

    /**
     * The SVD of ΔW: from the rank-r factors when known ({@link Svd#ofProduct}, exact and cheap
     * for any layer size), else by Jacobi on ΔW.
     *
     * @return the decomposition
     */
    public Svd svd() {
        return left != null ? Svd.ofProduct(left, right) : Svd.of(delta);
    }

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
        DenseMatrix scaledB = DenseMatrix.ofFloats(bRows, r, b).scaled(layer.scale());
        DenseMatrix factorA = DenseMatrix.ofFloats(r, aCols, a);
        DenseMatrix product = scaledB.times(factorA);
        return layer.kind().equals("embedding")
                ? new LayerDelta(layer, product.transpose(), factorA.transpose(), scaledB.transpose())
                : new LayerDelta(layer, product, scaledB, factorA);
    }
}
