package dev.lorakit.plugins.imageclassification;

import dev.lorakit.api.ExperimentContext;
import dev.lorakit.api.Seeds;
import dev.lorakit.zoo.vision.LabelledImages;
import dev.lorakit.zoo.vision.VisionDatasets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/** Reads the configured data set and cuts it into train, validation and test splits. */
final class DataSplits {

    /**
     * The three splits.
     *
     * @param train training examples
     * @param eval validation examples (evaluated during training)
     * @param test held-out test examples (evaluated once at the end)
     */
    record Splits(LabelledImages train, LabelledImages eval, LabelledImages test) {}

    private DataSplits() {}

    /**
     * Reads and splits. Fashion-MNIST: validation is a seeded sample of the 60k training images,
     * test the fixed 10k. MNIST digits: one seeded permutation gives test, then validation, then
     * training. {@code train_examples} keeps the first n of the (shuffled) training rest.
     *
     * @param config the plugin config
     * @param context the run context (data directory, seeded generators)
     * @return the splits
     * @throws IOException when the data is missing (naming the fetch script) or malformed
     */
    static Splits load(ImageClassificationConfig config, ExperimentContext context) throws IOException {
        Random random = context.random("data-split");
        switch (config.dataset()) {
            case FASHION_MNIST -> {
                Path dir = config.dataDir() != null
                        ? context.resolve(config.dataDir())
                        : VisionDatasets.fashionMnistDirectory(context.dataDirectory());
                LabelledImages all = VisionDatasets.fashionMnist(dir, VisionDatasets.Split.TRAIN);
                LabelledImages test = VisionDatasets.fashionMnist(dir, VisionDatasets.Split.TEST);
                int[] order = Seeds.permutation(random, all.size());
                int v = config.validationExamples();
                requireRoom(config, all.size(), v, "validation_examples", "the 60,000 training images");
                return new Splits(trainPart(all, order, v, config), all.subset(Arrays.copyOfRange(order, 0, v)), test);
            }
            case MNIST -> {
                Path dir = config.dataDir() != null
                        ? context.resolve(config.dataDir())
                        : VisionDatasets.mnistDigitsDirectory(context.dataDirectory());
                LabelledImages all = VisionDatasets.mnistDigits(dir);
                int[] order = Seeds.permutation(random, all.size());
                int t = config.testExamples();
                int v = config.validationExamples();
                requireRoom(config, all.size(), t + v, "test_examples + validation_examples", "the " + all.size() + " digits");
                return new Splits(
                        trainPart(all, order, t + v, config),
                        all.subset(Arrays.copyOfRange(order, t, t + v)),
                        all.subset(Arrays.copyOfRange(order, 0, t)));
            }
            default -> throw new IllegalStateException("unhandled data set " + config.dataset());
        }
    }

    private static LabelledImages trainPart(LabelledImages all, int[] order, int heldOut, ImageClassificationConfig config) {
        int available = all.size() - heldOut;
        int n = config.trainExamples() == null ? available : config.trainExamples();
        if (n > available) {
            throw new IllegalArgumentException(
                    "image-classification.train_examples is " + n + " but only " + available
                            + " training examples remain after the held-out splits");
        }
        return all.subset(Arrays.copyOfRange(order, heldOut, heldOut + n));
    }

    private static void requireRoom(ImageClassificationConfig config, int total, int heldOut, String keys, String what) {
        if (heldOut >= total) {
            throw new IllegalArgumentException(
                    "image-classification." + keys + " = " + heldOut + " leaves no training data out of " + what
                            + " (dataset " + config.dataset().id() + ")");
        }
    }
}
