package dev.lorakit.plugins.imageclassification;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import dev.lorakit.api.AbstractSupervisedTask;
import dev.lorakit.api.ExperimentContext;
import dev.lorakit.api.MainMetric;
import dev.lorakit.api.MetricAccumulator;
import dev.lorakit.train.metrics.ClassificationMetrics;
import dev.lorakit.train.metrics.ConfusionMatrix;
import dev.lorakit.lora.io.AtomicFiles;
import dev.lorakit.zoo.vision.LabelledImages;
import dev.lorakit.zoo.vision.Normalization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Trains the configured network ({@link BackboneConfig}) on labelled grey images. Every
 * evaluation pass draws its confusion matrix to {@code report/confusion-matrix.png} (+ {@code
 * .json}) and its per-class table to {@code report/per-class-accuracy.html}, so at the end of a
 * run they show the last pass: the test split's, which the trainer evaluates last. The weights
 * are in the run's checkpoints (and {@code merged/} with {@code export: {merged: true}}); a later
 * run starts from them with the host's {@code init_from}.
 */
final class ImageClassificationTask extends AbstractSupervisedTask {

    /** Maps {@code [0, 1]} pixels to {@code [-1, 1]}; the same for both data sets so that a
     * Fashion-MNIST checkpoint sees digits on the scale it was trained on. */
    static final Normalization GREY = new Normalization(new float[] {0.5f}, new float[] {0.5f});

    /** Base name of the confusion matrix files under {@code report/}. */
    static final String CONFUSION_MATRIX = "confusion-matrix";

    /** Base name of the per-class accuracy table under {@code report/}. */
    static final String PER_CLASS = "per-class-accuracy";

    private final ImageExamples train;
    private final ImageExamples eval;
    private final ImageExamples test;
    private final Path runDirectory;
    private final List<String> reinitModules;

    ImageClassificationTask(
            ImageClassificationConfig config, ExperimentContext context, DataSplits.Splits splits) {
        super(new MainMetric("eval/accuracy", true), Loss.softmaxCrossEntropyLoss());
        LabelledImages trainImages = splits.train();
        Shape image = new Shape(trainImages.channels(), trainImages.height(), trainImages.width());
        setModel(config.model().build(image, trainImages.classNames().size()), new Shape(1).addAll(image));
        this.train = new ImageExamples(trainImages, GREY);
        this.eval = new ImageExamples(splits.eval(), GREY);
        this.test = new ImageExamples(splits.test(), GREY);
        setData(train, eval, test);
        this.runDirectory = context.runDirectory();
        this.reinitModules = config.reinitModules();
    }

    /** Applies {@code reinit_modules}: the host calls this after {@code init_from} and LoRA injection. */
    @Override
    public void onModelReady(Block model) {
        ModuleReinit.apply(model, reinitModules);
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
