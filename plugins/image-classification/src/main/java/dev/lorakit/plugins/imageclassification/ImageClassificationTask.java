package dev.lorakit.plugins.imageclassification;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import dev.lorakit.api.ExampleSource;
import dev.lorakit.api.ExperimentContext;
import dev.lorakit.api.MainMetric;
import dev.lorakit.api.MetricAccumulator;
import dev.lorakit.api.SupervisedTask;
import dev.lorakit.train.metrics.ClassificationMetrics;
import dev.lorakit.train.metrics.ConfusionMatrix;
import dev.lorakit.lora.io.AtomicFiles;
import dev.lorakit.zoo.vision.LabelledImages;
import dev.lorakit.zoo.vision.Normalization;
import dev.lorakit.zoo.vision.SmallCnn;
import dev.lorakit.zoo.vision.VisionWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Trains {@link SmallCnn} on labelled grey images. Every evaluation pass draws its confusion
 * matrix to {@code report/confusion-matrix.png} (+ {@code .json}) in the run directory, so at
 * the end of a run it shows the last pass: the test split's, which the trainer evaluates last;
 * when the run ends the model's weights are written to {@code model.safetensors} under their
 * module names, which a later run's {@code pretrained:} key loads.
 */
final class ImageClassificationTask implements SupervisedTask {

    /** Maps {@code [0, 1]} pixels to {@code [-1, 1]}; the same for both data sets so that a
     * Fashion-MNIST checkpoint sees digits on the scale it was trained on. */
    static final Normalization GREY = new Normalization(new float[] {0.5f}, new float[] {0.5f});

    /** Base name of the confusion matrix files under {@code report/}. */
    static final String CONFUSION_MATRIX = "confusion-matrix";

    /** File the final weights are written to, in the run directory. */
    static final String MODEL_FILE = "model.safetensors";

    private final SmallCnn model;
    private final ImageExamples train;
    private final ImageExamples eval;
    private final ImageExamples test;
    private final Path runDirectory;
    private final Path saveWeightsTo;
    private final Loss loss = Loss.softmaxCrossEntropyLoss();

    ImageClassificationTask(
            ImageClassificationConfig config, ExperimentContext context, DataSplits.Splits splits)
            throws IOException {
        LabelledImages trainImages = splits.train();
        this.model =
                SmallCnn.builder()
                        .setNumClasses(trainImages.classNames().size())
                        .optChannels(config.channelArray())
                        .optHidden(config.hidden())
                        .optDropout(config.dropout().floatValue())
                        .build();
        this.train = new ImageExamples(trainImages, GREY);
        this.eval = new ImageExamples(splits.eval(), GREY);
        this.test = new ImageExamples(splits.test(), GREY);
        this.runDirectory = context.runDirectory();
        this.saveWeightsTo = config.saveWeightsTo() == null ? null : context.resolve(config.saveWeightsTo());
        if (config.pretrained() != null) {
            Path weights = context.resolve(config.pretrained());
            model.initialize(context.manager(), DataType.FLOAT32, inputShapes());
            VisionWeights.load(model, weights, key -> false);
        }
    }

    @Override
    public Block model() {
        return model;
    }

    @Override
    public Shape[] inputShapes() {
        LabelledImages images = train.images();
        return new Shape[] {new Shape(1, images.channels(), images.height(), images.width())};
    }

    @Override
    public MainMetric mainMetric() {
        return new MainMetric("eval/accuracy", true);
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
        return ClassificationMetrics.builder()
                .setClassNames(train.images().classNames())
                .optPerClassAccuracy(true)
                .optOnCompute(this::drawConfusionMatrix)
                .build();
    }

    private void drawConfusionMatrix(ConfusionMatrix matrix) {
        Path dir = runDirectory.resolve("report");
        String title = String.format(
                Locale.ROOT, "Confusion matrix, latest evaluation: accuracy %.2f%% of %d examples",
                100 * matrix.accuracy(), matrix.total());
        try {
            matrix.writePng(dir.resolve(CONFUSION_MATRIX + ".png"), title);
            AtomicFiles.writeString(dir.resolve(CONFUSION_MATRIX + ".json"), matrix.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the confusion matrix under " + dir, e);
        }
    }

    @Override
    public void close() throws IOException {
        if (model.isInitialized()) {
            Map<String, String> metadata = Map.of("format", "pt", "producer", "lorakit image-classification", "run", runDirectory.toString());
            VisionWeights.save(model, runDirectory.resolve(MODEL_FILE), metadata);
            if (saveWeightsTo != null) {
                VisionWeights.save(model, saveWeightsTo, metadata);
            }
        }
    }
}
