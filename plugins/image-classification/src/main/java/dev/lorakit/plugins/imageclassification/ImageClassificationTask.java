package dev.lorakit.plugins.imageclassification;

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
import dev.lorakit.train.metrics.ClassificationMetrics;
import dev.lorakit.train.metrics.ConfusionMatrix;
import dev.lorakit.lora.io.AtomicFiles;
import dev.lorakit.zoo.vision.LabelledImages;
import dev.lorakit.zoo.vision.Normalization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Trains the configured network ({@link BackboneConfig}) on labelled grey images. Every
 * evaluation pass draws its confusion matrix to {@code report/confusion-matrix.png} (+ {@code
 * .json}) and its per-class table to {@code report/per-class-accuracy.html}, so at the end of a
 * run they show the last pass: the test split's, which the trainer evaluates last. The weights
 * are in the run's checkpoints (the host closes the model before the task, so the task cannot
 * export them at the end); a later run starts from them with the host's {@code init_from}.
 */
final class ImageClassificationTask implements SupervisedTask {

    /** Maps {@code [0, 1]} pixels to {@code [-1, 1]}; the same for both data sets so that a
     * Fashion-MNIST checkpoint sees digits on the scale it was trained on. */
    static final Normalization GREY = new Normalization(new float[] {0.5f}, new float[] {0.5f});

    /** Base name of the confusion matrix files under {@code report/}. */
    static final String CONFUSION_MATRIX = "confusion-matrix";

    /** Base name of the per-class accuracy table under {@code report/}. */
    static final String PER_CLASS = "per-class-accuracy";

    private final Block model;
    private final ImageExamples train;
    private final ImageExamples eval;
    private final ImageExamples test;
    private final Path runDirectory;
    private final Loss loss = Loss.softmaxCrossEntropyLoss();

    ImageClassificationTask(
            ImageClassificationConfig config, ExperimentContext context, DataSplits.Splits splits) {
        LabelledImages trainImages = splits.train();
        this.model = config.model().build(
                new Shape(trainImages.channels(), trainImages.height(), trainImages.width()), trainImages.classNames().size());
        this.train = new ImageExamples(trainImages, GREY);
        this.eval = new ImageExamples(splits.eval(), GREY);
        this.test = new ImageExamples(splits.test(), GREY);
        this.runDirectory = context.runDirectory();
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
        String split = splitOf(matrix.total());
        String title = String.format(
                Locale.ROOT, "Confusion matrix, %s: accuracy %.2f%% of %d examples", split, 100 * matrix.accuracy(), matrix.total());
        try {
            matrix.writePng(dir.resolve(CONFUSION_MATRIX + ".png"), title);
            AtomicFiles.writeString(dir.resolve(CONFUSION_MATRIX + ".json"), matrix.toJson());
            AtomicFiles.writeString(dir.resolve(PER_CLASS + ".html"), PerClassReport.html(matrix, split));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the confusion matrix under " + dir, e);
        }
    }

    /** The metrics callback does not say which split it counted; the sizes tell when they differ. */
    private String splitOf(long examples) {
        boolean isTest = examples == test.size();
        boolean isEval = examples == eval.size();
        return isTest && !isEval ? "test split" : isEval && !isTest ? "validation split" : "latest evaluation";
    }
}
