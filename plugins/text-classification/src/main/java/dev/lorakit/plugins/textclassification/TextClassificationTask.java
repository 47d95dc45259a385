package dev.lorakit.plugins.textclassification;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import dev.lorakit.api.ExampleSource;
import dev.lorakit.api.ExperimentContext;
import dev.lorakit.api.MainMetric;
import dev.lorakit.api.MetricAccumulator;
import dev.lorakit.api.SupervisedTask;
import dev.lorakit.zoo.bert.BertClassifier;
import dev.lorakit.zoo.bert.BertModel;
import dev.lorakit.zoo.bert.HuggingFaceFolder;
import dev.lorakit.zoo.data.ColumnMapping;
import dev.lorakit.zoo.data.LabelVocabulary;
import dev.lorakit.zoo.data.StratifiedSplit;
import dev.lorakit.zoo.data.TextCorpora;
import dev.lorakit.zoo.data.TextDatasetReader;
import dev.lorakit.zoo.data.TextExample;
import dev.lorakit.zoo.onnx.MiniLmArtifact;
import dev.lorakit.zoo.text.TextTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Fine-tunes a {@link BertClassifier} on labelled texts split into train / validation / test by
 * label with the run seed. Texts are tokenized per batch and padded to the batch's longest.
 */
final class TextClassificationTask implements SupervisedTask {

    private final BertClassifier model;
    private final TextTokenizer tokenizer;
    private final LabelVocabulary labels;
    private final TextExamples train;
    private final TextExamples eval;
    private final TextExamples test;
    private final Loss loss = Loss.softmaxCrossEntropyLoss();

    private TextClassificationTask(
            BertClassifier model, TextTokenizer tokenizer, LabelVocabulary labels, StratifiedSplit.Parts parts) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.labels = labels;
        this.train = new TextExamples(parts.train(), tokenizer, labels);
        this.eval = new TextExamples(parts.validation(), tokenizer, labels);
        this.test = parts.test().isEmpty() ? null : new TextExamples(parts.test(), tokenizer, labels);
    }

    static TextClassificationTask create(TextClassificationConfig config, ExperimentContext context)
            throws IOException {
        List<TextExample> all = read(config, context);
        if (config.maxExamples() != null && config.maxExamples() < all.size()) {
            List<TextExample> shuffled = new ArrayList<>(all);
            Collections.shuffle(shuffled, context.random("text-classification/subset"));
            all = shuffled.subList(0, config.maxExamples());
        }
        LabelVocabulary labels = LabelVocabulary.of(all);
        if (labels.size() < 2) {
            throw new IllegalArgumentException(
                    "text-classification: the data has a single label " + labels.labels() + "; need at least 2");
        }
        StratifiedSplit.Parts parts =
                new StratifiedSplit(config.validationFraction(), config.testFraction()).split(all, context.seed());
        BertModel encoder;
        TextTokenizer tokenizer;
        Path backbone = config.backbone() == null ? null : context.resolve(config.backbone());
        if (backbone != null && Files.isRegularFile(backbone.resolve(HuggingFaceFolder.CONFIG))) {
            encoder = HuggingFaceFolder.loadEncoder(backbone, context.manager());
            tokenizer = TextTokenizer.builder()
                    .setTokenizerJson(HuggingFaceFolder.tokenizerJson(backbone))
                    .optMaxLength(Math.min(config.maxLength(), encoder.getConfig().maxSequenceLength()))
                    .optPadTokenId(encoder.getConfig().padTokenId())
                    .build();
        } else {
            MiniLmArtifact minilm = backbone == null ? MiniLmArtifact.fromClasspath() : MiniLmArtifact.at(backbone);
            encoder = minilm.loadEncoder(context.manager());
            tokenizer = minilm.loadTokenizer(config.maxLength());
        }
        BertClassifier model = BertClassifier.builder().setEncoder(encoder).setNumLabels(labels.size()).build();
        return new TextClassificationTask(model, tokenizer, labels, parts);
    }

    private static List<TextExample> read(TextClassificationConfig config, ExperimentContext context)
            throws IOException {
        switch (config.dataset()) {
            case SPAM:
                return TextCorpora.spamAssassin(context.dataDirectory());
            case POLARITY:
                return TextCorpora.polarity(context.dataDirectory());
            default:
                return TextDatasetReader.read(
                        context.resolve(config.file()),
                        new ColumnMapping(
                                config.textColumn(), config.labelColumn(), config.textPairColumn(), config.header()));
        }
    }

    /**
     * The labels, in class-id order.
     *
     * @return the label vocabulary
     */
    LabelVocabulary labels() {
        return labels;
    }

    @Override
    public Block model() {
        return model;
    }

    @Override
    public Shape[] inputShapes() {
        return new Shape[] {new Shape(1, 8), new Shape(1, 8), new Shape(1, 8)};
    }

    @Override
    public MainMetric mainMetric() {
        return new MainMetric("eval/macro_f1", true);
    }

    @Override
    public ExampleSource trainData() {
        return train;
    }

    @Override
    public ExampleSource evalData() {
        return eval;
    }

    @Override
    public ExampleSource testData() {
        return test;
    }

    @Override
    public NDArray loss(NDList predictions, NDList labels) {
        return loss.evaluate(labels, predictions);
    }

    @Override
    public MetricAccumulator newMetrics() {
        return new TextClassificationMetrics(labels.size());
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
