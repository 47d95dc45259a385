package dev.lorakit.zoo.task;

import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.api.AbstractSupervisedTask;
import dev.lorakit.api.MainMetric;
import dev.lorakit.api.MetricAccumulator;
import dev.lorakit.lora.io.AtomicFiles;
import dev.lorakit.train.metrics.ClassificationMetrics;
import dev.lorakit.zoo.bert.BertClassifier;
import dev.lorakit.zoo.data.LabelVocabulary;
import dev.lorakit.zoo.data.StratifiedSplit;
import dev.lorakit.zoo.data.TextExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Fine-tunes a {@link BertClassifier} (paths of Hugging Face's {@code
 * BertForSequenceClassification}: {@code bert.encoder.layer.0.attention.self.query}, {@code
 * classifier}) on labelled texts split into train / validation / test by label. Texts are
 * tokenized per batch and padded to the batch's longest; {@link TextBatching#LENGTH} also puts
 * texts of similar length into the same batch. Metrics: {@code accuracy}, {@code
 * macro_f1} (the main metric), {@code loss} and, optionally, per-class accuracy. With no
 * validation share the test split is what the trainer evaluates during training; its main metric
 * then only reports, it must not choose hyperparameters.
 *
 * <pre>{@code
 * SequenceClassificationTask task = SequenceClassificationTask.builder()
 *         .setBackbone(TextBackbone.load(null, 64, context.manager()))
 *         .setExamples(TextCorpora.polarity(context.dataDirectory()))
 *         .setSplit(new StratifiedSplit(0.1, 0.1), context.seed())
 *         .optBatching(TextBatching.LENGTH)
 *         .build();
 * }</pre>
 */
public final class SequenceClassificationTask extends AbstractSupervisedTask {

    /** The file, in the run directory, that lists the class names in class-id order. */
    public static final String LABELS_FILE = "labels.json";

    private final TextBackbone backbone;
    private final LabelVocabulary labels;
    private final boolean perClass;

    private SequenceClassificationTask(Builder b, LabelVocabulary labels, StratifiedSplit.Parts parts) {
        super(new MainMetric("eval/macro_f1", true), Loss.softmaxCrossEntropyLoss());
        this.backbone = b.backbone;
        this.labels = labels;
        this.perClass = b.perClass;
        setModel(BertClassifier.builder().setEncoder(backbone.encoder()).setNumLabels(labels.size()).build(),
                new Shape(1, 8), new Shape(1, 8), new Shape(1, 8));
        LabelledTexts train = LabelledTexts.training(parts.train(), backbone.tokenizer(), labels, b.batching);
        LabelledTexts test = parts.test().isEmpty() ? null
                : LabelledTexts.evaluation(parts.test(), backbone.tokenizer(), labels, b.batching);
        LabelledTexts eval = parts.validation().isEmpty() ? test
                : LabelledTexts.evaluation(parts.validation(), backbone.tokenizer(), labels, b.batching);
        setData(train, eval, test);
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes the class names of a run, in class-id order, for {@code lorakit predict}.
     *
     * @param runDirectory the run directory
     * @param labels the labels
     * @throws IOException when the file cannot be written
     */
    public static void writeLabels(Path runDirectory, LabelVocabulary labels) throws IOException {
        AtomicFiles.writeString(runDirectory.resolve(LABELS_FILE),
                new ObjectMapper().writeValueAsString(labels.labels()));
    }

    /**
     * The labels, in class-id order.
     *
     * @return the label vocabulary
     */
    public LabelVocabulary labels() {
        return labels;
    }

    /**
     * The backbone (encoder and tokenizer).
     *
     * @return the backbone
     */
    public TextBackbone backbone() {
        return backbone;
    }

    @Override
    public MetricAccumulator newMetrics() {
        return ClassificationMetrics.builder()
                .setClassNames(labels.labels())
                .optLoss(true)
                .optPerClassAccuracy(perClass)
                .build();
    }

    @Override
    public void close() {
        backbone.close();
    }

    /** Builds a {@link SequenceClassificationTask}: {@code setX} are required, {@code optX} optional. */
    public static final class Builder {
        private TextBackbone backbone;
        private List<TextExample> examples;
        private StratifiedSplit split;
        private long splitSeed;
        private Integer maxExamples;
        private Random subsetRandom;
        private List<String> labels;
        private boolean perClass;
        private Path runDirectory;
        private String section = "task";
        private TextBatching batching = TextBatching.SHUFFLED;

        private Builder() {}

        /**
         * The encoder and tokenizer; the task closes the tokenizer.
         *
         * @param backbone the backbone
         * @return this builder
         */
        public Builder setBackbone(TextBackbone backbone) {
            this.backbone = backbone;
            return this;
        }

        /**
         * The whole labelled data set, before the split.
         *
         * @param examples the examples
         * @return this builder
         */
        public Builder setExamples(List<TextExample> examples) {
            this.examples = examples;
            return this;
        }

        /**
         * The stratified split and its seed (the run seed, or a fixed one so that runs with
         * different seeds share their test set).
         *
         * @param split the fractions
         * @param seed the split's seed
         * @return this builder
         */
        public Builder setSplit(StratifiedSplit split, long seed) {
            this.split = split;
            this.splitSeed = seed;
            return this;
        }

        /**
         * Uses only {@code count} examples drawn with {@code random} (smoke runs).
         *
         * @param count the number to keep, or null for all
         * @param random draws the subset
         * @return this builder
         */
        public Builder optMaxExamples(Integer count, Random random) {
            this.maxExamples = count;
            this.subsetRandom = random;
            return this;
        }

        /**
         * The class names in class-id order (fine-grained scales such as {@code [very negative,
         * negative, neutral, positive, very positive]}); default: the data's labels sorted.
         *
         * @param labels the labels, or null for the default
         * @return this builder
         */
        public Builder optLabels(List<String> labels) {
            this.labels = labels;
            return this;
        }

        /**
         * Whether evaluations also report {@code class_accuracy/<id>_<name>} per class.
         *
         * @param perClass true to report them (default false)
         * @return this builder
         */
        public Builder optPerClassMetrics(boolean perClass) {
            this.perClass = perClass;
            return this;
        }

        /**
         * Writes {@link #LABELS_FILE} into this run directory when the task is built.
         *
         * @param runDirectory the run directory
         * @return this builder
         */
        public Builder optRunDirectory(Path runDirectory) {
            this.runDirectory = runDirectory;
            return this;
        }

        /**
         * How batches are formed (default {@link TextBatching#SHUFFLED}).
         *
         * @param batching the batching
         * @return this builder
         */
        public Builder optBatching(TextBatching batching) {
            this.batching = batching;
            return this;
        }

        /**
         * The config section errors name, e.g. {@code sentiment}.
         *
         * @param section the section name
         * @return this builder
         */
        public Builder optConfigSection(String section) {
            this.section = section;
            return this;
        }

        /**
         * Subsets, labels and splits the data and builds the classifier.
         *
         * @return the task
         * @throws IOException when the labels file cannot be written
         * @throws IllegalArgumentException when a required setting is missing, the data has one
         *     label, or a label is not in the configured list
         */
        public SequenceClassificationTask build() throws IOException {
            if (backbone == null || examples == null || split == null || batching == null) {
                throw new IllegalArgumentException(
                        "SequenceClassificationTask needs setBackbone, setExamples and setSplit (and a non-null batching)");
            }
            try {
                return buildOrThrow();
            } catch (IOException | RuntimeException e) {
                backbone.close();
                throw e;
            }
        }

        private SequenceClassificationTask buildOrThrow() throws IOException {
            List<TextExample> all = examples;
            if (maxExamples != null && maxExamples < all.size()) {
                List<TextExample> shuffled = new ArrayList<>(all);
                Collections.shuffle(shuffled, subsetRandom);
                all = shuffled.subList(0, maxExamples);
            }
            LabelVocabulary vocabulary = vocabulary(all);
            StratifiedSplit.Parts parts = split.split(all, splitSeed);
            if (parts.validation().isEmpty() && parts.test().isEmpty()) {
                throw new IllegalArgumentException(section + ": validation_fraction and test_fraction are both 0;"
                        + " at least one split is needed for evaluation");
            }
            if (runDirectory != null) {
                writeLabels(runDirectory, vocabulary);
            }
            return new SequenceClassificationTask(this, vocabulary, parts);
        }

        private LabelVocabulary vocabulary(List<TextExample> all) {
            LabelVocabulary found = LabelVocabulary.of(all);
            if (labels == null) {
                if (found.size() < 2) {
                    throw new IllegalArgumentException(
                            section + ": the data has a single label " + found.labels() + "; need at least 2");
                }
                return found;
            }
            TreeSet<String> unknown = new TreeSet<>(found.labels());
            unknown.removeAll(labels);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(section + ".labels " + labels + " lacks the data's labels " + unknown);
            }
            if (labels.size() < 2) {
                throw new IllegalArgumentException(section + ".labels needs at least 2 labels, got " + labels);
            }
            return new LabelVocabulary(labels);
        }
    }
}
