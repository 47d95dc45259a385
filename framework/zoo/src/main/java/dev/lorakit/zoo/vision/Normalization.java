package dev.lorakit.zoo.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Per-channel normalisation {@code (x - mean) / std} of images in {@code [0, 1]}, as
 * torchvision's {@code Normalize}, and its inverse for turning model outputs back into pictures.
 *
 * @param mean per-channel means
 * @param std per-channel standard deviations, all positive
 */
public record Normalization(float[] mean, float[] std) {

    /** ImageNet statistics, which torchvision's pretrained VGG19 expects. */
    public static final Normalization IMAGENET =
            new Normalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    /**
     * Validates and copies the arrays.
     *
     * @param mean per-channel means
     * @param std per-channel standard deviations
     */
    public Normalization {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException(
                    "normalization mean and std need one value per channel, got mean "
                            + Arrays.toString(mean)
                            + " and std "
                            + Arrays.toString(std));
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException(
                        "normalization std must be positive, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * Normalises {@code (C, H, W)} or {@code (N, C, H, W)} images.
     *
     * @param images values in {@code [0, 1]}
     * @return normalised images (a new array)
     */
    public NDArray apply(NDArray images) {
        return images.sub(column(images, mean)).div(column(images, std));
    }

    /**
     * Undoes {@link #apply}.
     *
     * @param normalised normalised images
     * @return images in the original scale (a new array)
     */
    public NDArray invert(NDArray normalised) {
        return normalised.mul(column(normalised, std)).add(column(normalised, mean));
    }

    private NDArray column(NDArray like, float[] values) {
        int channelAxis = like.getShape().dimension() - 3;
        if (channelAxis < 0 || like.getShape().get(channelAxis) != values.length) {
            throw new IllegalArgumentException(
                    "Expected images with "
                            + values.length
                            + " channels in (C, H, W) or (N, C, H, W), got "
                            + like.getShape());
        }
        return like.getManager()
                .create(values, new Shape(values.length, 1, 1))
                .toDevice(like.getDevice(), false);
    }

    /**
     * The per-channel means.
     *
     * @return a copy
     */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /**
     * The per-channel standard deviations.
     *
     * @return a copy
     */
    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
