package dev.lorakit.plugins.imageclassification;

import ai.djl.ndarray.NDList;
import dev.lorakit.api.MetricAccumulator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Accuracy, per-class accuracy and the confusion matrix of one evaluation pass. Metric names:
 * {@code accuracy} and {@code class_accuracy/<index>_<name>} (name lower-cased, non-alphanumerics
 * as {@code _}: {@code class_accuracy/0_t_shirt_top}).
 */
final class ClassificationMetrics implements MetricAccumulator {

    private final ConfusionMatrix matrix;
    private final List<String> metricNames;
    private final Consumer<ConfusionMatrix> onCompute;

    /**
     * An empty accumulator.
     *
     * @param classNames class names, index = label
     * @param onCompute receives the finished matrix when {@link #compute} runs (the task draws it)
     */
    ClassificationMetrics(List<String> classNames, Consumer<ConfusionMatrix> onCompute) {
        this.matrix = new ConfusionMatrix(classNames);
        this.metricNames = classNames.stream().map(ClassificationMetrics::metricSafe).toList();
        this.onCompute = onCompute;
    }

    @Override
    public void update(NDList predictions, NDList labels) {
        long[] predicted = predictions.head().argMax(1).toLongArray();
        long[] actual = labels.head().toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException(
                    predicted.length + " predictions for " + actual.length + " labels");
        }
        for (int i = 0; i < actual.length; i++) {
            matrix.add((int) actual[i], (int) predicted[i]);
        }
    }

    @Override
    public Map<String, Double> compute() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("accuracy", matrix.accuracy());
        for (int c = 0; c < matrix.numClasses(); c++) {
            out.put("class_accuracy/" + c + "_" + metricNames.get(c), matrix.classAccuracy(c));
        }
        onCompute.accept(matrix);
        return out;
    }

    private static String metricSafe(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }
}
