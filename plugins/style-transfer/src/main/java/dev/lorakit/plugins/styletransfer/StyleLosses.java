package dev.lorakit.plugins.styletransfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.lorakit.lora.ndarray.ScalarOps;

/**
 * The losses of neural style transfer (Gatys et al. 2016; Johnson et al. 2016), on {@code (N,
 * C, H, W)} feature maps of the loss network.
 */
public final class StyleLosses {

    private StyleLosses() {}

    /**
     * The Gram matrix of feature maps, normalised by {@code C × H × W} so that layers of
     * different sizes weigh alike: {@code G[n] = F[n] F[n]ᵀ / (C H W)} with {@code F[n]} the
     * {@code (C, H·W)} reshaped maps.
     *
     * @param features {@code (N, C, H, W)} activations
     * @return {@code (N, C, C)} Gram matrices
     */
    public static NDArray gram(NDArray features) {
        Shape s = features.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("Gram matrix needs (N, C, H, W) features, got " + s);
        }
        long n = s.get(0);
        long c = s.get(1);
        long hw = s.get(2) * s.get(3);
        NDArray f = features.reshape(n, c, hw);
        return ScalarOps.div(f.batchMatMul(f.transpose(0, 2, 1)), (double) c * hw);
    }

    /**
     * Content loss: mean squared difference of feature maps.
     *
     * @param features the generated image's features
     * @param target the content image's features (same shape)
     * @return a scalar
     */
    public static NDArray content(NDArray features, NDArray target) {
        return features.sub(target).square().mean();
    }

    /**
     * Style loss at one layer: mean squared difference of Gram matrices.
     *
     * @param features the generated image's features {@code (N, C, H, W)}
     * @param targetGram the style image's Gram matrix {@code (1 or N, C, C)}
     * @return a scalar
     */
    public static NDArray style(NDArray features, NDArray targetGram) {
        return gram(features).sub(targetGram).square().mean();
    }

    /**
     * Total variation: mean squared difference between vertically and horizontally adjacent
     * pixels, which discourages high-frequency noise in the optimised image.
     *
     * @param image {@code (N, C, H, W)} with {@code H, W >= 2}
     * @return a scalar
     */
    public static NDArray totalVariation(NDArray image) {
        NDArray dy = image.get(new NDIndex(":, :, 1:, :")).sub(image.get(new NDIndex(":, :, :-1, :")));
        NDArray dx = image.get(new NDIndex(":, :, :, 1:")).sub(image.get(new NDIndex(":, :, :, :-1")));
        return dy.square().mean().add(dx.square().mean());
    }
}
