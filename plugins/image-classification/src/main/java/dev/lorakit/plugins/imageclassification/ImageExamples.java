package dev.lorakit.plugins.imageclassification;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.lorakit.api.Batch;
import dev.lorakit.api.ExampleSource;
import dev.lorakit.zoo.vision.LabelledImages;
import dev.lorakit.zoo.vision.Normalization;

/** Labelled images as trainer batches: normalised {@code (B, C, H, W)} inputs, int64 labels. */
final class ImageExamples implements ExampleSource {

    private final LabelledImages images;
    private final Normalization normalization;

    ImageExamples(LabelledImages images, Normalization normalization) {
        this.images = images;
        this.normalization = normalization;
    }

    LabelledImages images() {
        return images;
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public Batch batch(NDManager manager, int[] indices) {
        NDArray pixels = normalization.apply(images.images(manager, indices));
        return new Batch(new NDList(pixels), new NDList(images.labels(manager, indices)));
    }
}
