package dev.lorakit.train.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import dev.lorakit.api.MetricAccumulator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The metrics of a classification task's evaluation pass, from logits of shape [batch, classes]
 * and integer labels: {@code accuracy} and {@code macro_f1} always; optionally the mean
 * cross-entropy {@code loss} and {@code class_accuracy/<index>_<name>} per class (name
 * lower-cased, non-alphanumerics as {@code _}: {@code class_accuracy/0_t_shirt_top}). Every
 * classification plugin uses this one accumulator, so the same metric means the same thing in
 * every run.
 *
 * <pre>{@code
 * public MetricAccumulator newMetrics() {
 *     return ClassificationMetrics.builder().setClassNames(labels).optLoss(true).build();
 * }
 * }</pre>
 */
public final class ClassificationMetrics implements MetricAccumulator {

    private final ConfusionMatrix matrix;
    private final List<String> metricNames;
    private final boolean perClass;
    private final boolean loss;
    private final Consumer<ConfusionMatrix> onCompute;
    private double lossSum;

    private ClassificationMetrics(Builder b) {
        this.matrix = new ConfusionMatrix(b.classNames);
        this.metricNames = b.classNames.stream().map(ClassificationMetrics::metricSafe).toList();
        this.perClass = b.perClass;
        this.loss = b.loss;
        this.onCompute = b.onCompute;
    }

    /**
     * A builder; the class names are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void update(NDList predictions, NDList labels) {
        NDArray logits = predictions.head();
        long[] predicted = logits.argMax(1).toLongArray();
        long[] actual = labels.head().toType(DataType.INT64, false).toLongArray();
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + actual.length + " labels");
        }
        int classes = matrix.numClasses();
        if (logits.getShape().get(1) != classes) {
            throw new IllegalArgumentException(
                    "logits have " + logits.getShape().get(1) + " classes, the task has " + classes);
        }
        float[] logProbs = loss ? logits.logSoftmax(1).toFloatArray() : null;
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] < 0 || actual[i] >= classes) {
                throw new IllegalArgumentException("label " + actual[i] + " is outside [0, " + classes + ")");
            }
            matrix.add((int) actual[i], (int) predicted[i]);
            if (logProbs != null) {
                lossSum -= logProbs[i * classes + (int) actual[i]];
            }
        }
    }

    @Override
    public Map<String, Double> compute() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("accuracy", matrix.accuracy());
        out.put("macro_f1", matrix.macroF1());
        if (loss) {
            long n = matrix.total();
            out.put("loss", n == 0 ? Double.NaN : lossSum / n);
        }
        if (perClass) {
            for (int c = 0; c < matrix.numClasses(); c++) {
                out.put("class_accuracy/" + c + "_" + metricNames.get(c), matrix.classAccuracy(c));
            }
        }
        onCompute.accept(matrix);
        return out;
    }

    private static String metricSafe(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }

    /** Builds a {@link ClassificationMetrics}. */
    public static final class Builder {
        private List<String> classNames;
        private boolean perClass;
        private boolean loss;
        private Consumer<ConfusionMatrix> onCompute = m -> {};

        private Builder() {}

        /**
         * Sets the class names, index = label (at least two).
         *
         * @param classNames the names
         * @return this builder
         */
        public Builder setClassNames(List<String> classNames) {
            this.classNames = List.copyOf(classNames);
            return this;
        }

        /**
         * Also reports {@code class_accuracy/<index>_<name>} for every class.
         *
         * @param perClass whether to report per-class accuracy
         * @return this builder
         */
        public Builder optPerClassAccuracy(boolean perClass) {
            this.perClass = perClass;
            return this;
        }

        /**
         * Also reports the mean cross-entropy {@code loss} of the logits.
         *
         * @param loss whether to report the loss
         * @return this builder
         */
        public Builder optLoss(boolean loss) {
            this.loss = loss;
            return this;
        }

        /**
         * Receives the finished confusion matrix at each {@link #compute} (e.g. to draw it).
         *
         * @param onCompute the consumer
         * @return this builder
         */
        public Builder optOnCompute(Consumer<ConfusionMatrix> onCompute) {
            this.onCompute = onCompute;
            return this;
        }

        /**
         * Builds the accumulator.
         *
         * @return a new, empty accumulator
         */
        public ClassificationMetrics build() {
            if (classNames == null) {
                throw new IllegalArgumentException("ClassificationMetrics needs class names (setClassNames)");
            }
            return new ClassificationMetrics(this);
        }
    }
}
