package dev.lorakit.plugins.styletransfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.lorakit.api.Batch;
import dev.lorakit.api.ExampleSource;
import dev.lorakit.zoo.vision.Images;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Pictures of one size as examples whose input and label are the same {@code (N, 3, S, S)}
 * batch in {@code [0, 1]}: the transformation network's input, and the content its output is
 * compared with.
 */
final class PictureExamples implements ExampleSource {

    private final List<BufferedImage> pictures;

    PictureExamples(List<BufferedImage> pictures) {
        this.pictures = List.copyOf(pictures);
    }

    List<BufferedImage> pictures() {
        return pictures;
    }

    @Override
    public int size() {
        return pictures.size();
    }

    @Override
    public Batch batch(NDManager manager, int[] indices) {
        List<BufferedImage> chosen = new ArrayList<>(indices.length);
        for (int i : indices) {
            chosen.add(pictures.get(i));
        }
        NDArray x = Images.toBatch(manager, chosen);
        return new Batch(new NDList(x), new NDList(x));
    }
}
