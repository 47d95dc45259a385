package dev.lorakit.zoo.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * An in-memory set of small labelled images (MNIST, Fashion-MNIST), stored as unsigned bytes
 * ({@code N × H × W × C}, the IDX order) so that 60,000 pictures take 47 MB, not 188.
 *
 * <pre>{@code
 * LabelledImages train = IdxReader.readLabelledImages(imagesGz, labelsGz, FASHION_CLASSES);
 * NDArray x = train.images(manager, new int[] {0, 1, 2}); // (3, 1, 28, 28) in [0, 1]
 * NDArray y = train.labels(manager, new int[] {0, 1, 2}); // (3,) int64
 * }</pre>
 */
public final class LabelledImages {

    private final byte[] pixels;
    private final int[] labels;
    private final int height;
    private final int width;
    private final int channels;
    private final List<String> classNames;

    /**
     * Wraps pixel bytes and labels.
     *
     * @param pixels {@code N × H × W × C} unsigned bytes, 0 = black, 255 = white
     * @param labels one class index per image, in {@code [0, classNames.size())}
     * @param height image height
     * @param width image width
     * @param channels channels per pixel (1 for grey)
     * @param classNames class names, index = label
     */
    public LabelledImages(
            byte[] pixels, int[] labels, int height, int width, int channels, List<String> classNames) {
        if (height <= 0 || width <= 0 || channels <= 0) {
            throw new IllegalArgumentException(
                    "image size must be positive, got " + height + "x" + width + "x" + channels);
        }
        long expected = (long) labels.length * height * width * channels;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(
                    labels.length
                            + " labels need "
                            + expected
                            + " pixel bytes for "
                            + height
                            + "x"
                            + width
                            + "x"
                            + channels
                            + " images, got "
                            + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException(
                        "label "
                                + labels[i]
                                + " of image "
                                + i
                                + " is outside [0, "
                                + classNames.size()
                                + "); classes are "
                                + classNames);
            }
        }
        this.pixels = pixels;
        this.labels = labels;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.classNames = List.copyOf(classNames);
    }

    /**
     * Number of images.
     *
     * @return the count
     */
    public int size() {
        return labels.length;
    }

    /**
     * Image height in pixels.
     *
     * @return the height
     */
    public int height() {
        return height;
    }

    /**
     * Image width in pixels.
     *
     * @return the width
     */
    public int width() {
        return width;
    }

    /**
     * Channels per pixel.
     *
     * @return 1 for grey images
     */
    public int channels() {
        return channels;
    }

    /**
     * Class names; a label is an index into this list.
     *
     * @return the names
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * The label of one image.
     *
     * @param index image index
     * @return its class index
     */
    public int label(int index) {
        return labels[index];
    }

    /**
     * Images as a {@code float32 (B, C, H, W)} batch with values in {@code [0, 1]}.
     *
     * @param manager where to create the array
     * @param indices image indices, in batch order
     * @return the batch
     */
    public NDArray images(NDManager manager, int[] indices) {
        int plane = height * width;
        int perImage = plane * channels;
        float[] out = new float[indices.length * perImage];
        for (int b = 0; b < indices.length; b++) {
            int src = checkIndex(indices[b]) * perImage;
            int dst = b * perImage;
            // IDX stores H×W×C; the network wants C×H×W.
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < channels; c++) {
                    out[dst + c * plane + p] = (pixels[src + p * channels + c] & 0xFF) / 255f;
                }
            }
        }
        return manager.create(out, new Shape(indices.length, channels, height, width));
    }

    /**
     * Labels as an {@code int64 (B,)} array.
     *
     * @param manager where to create the array
     * @param indices image indices, in batch order
     * @return the labels
     */
    public NDArray labels(NDManager manager, int[] indices) {
        long[] out = new long[indices.length];
        for (int b = 0; b < indices.length; b++) {
            out[b] = labels[checkIndex(indices[b])];
        }
        return manager.create(out);
    }

    /**
     * The images at {@code indices}, copied into a new set (for splits and subsets).
     *
     * @param indices which images, in the new order
     * @return the subset
     */
    public LabelledImages subset(int[] indices) {
        int perImage = height * width * channels;
        byte[] px = new byte[indices.length * perImage];
        int[] lb = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int src = checkIndex(indices[i]);
            System.arraycopy(pixels, src * perImage, px, i * perImage, perImage);
            lb[i] = labels[src];
        }
        return new LabelledImages(px, lb, height, width, channels, classNames);
    }

    /**
     * How many images each class has.
     *
     * @return counts indexed by label
     */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= labels.length) {
            throw new IndexOutOfBoundsException(
                    "image index " + index + " outside [0, " + labels.length + ")");
        }
        return index;
    }

    @Override
    public String toString() {
        return "LabelledImages["
                + size()
                + " images "
                + height
                + "x"
                + width
                + "x"
                + channels
                + ", classes "
                + classNames
                + ", counts "
                + Arrays.toString(classCounts())
                + "]";
    }
}
