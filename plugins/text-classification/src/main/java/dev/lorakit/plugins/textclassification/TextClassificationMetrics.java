package dev.lorakit.plugins.textclassification;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import dev.lorakit.api.MetricAccumulator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Accuracy, macro-F1 (unweighted mean of per-class F1) and mean cross-entropy loss. */
final class TextClassificationMetrics implements MetricAccumulator {

    private final long[][] confusion;
    private double lossSum;
    private long count;

    TextClassificationMetrics(int numClasses) {
        confusion = new long[numClasses][numClasses];
    }

    @Override
    public void update(NDList predictions, NDList labels) {
        NDArray logits = predictions.head();
        long[] predicted = logits.argMax(1).toLongArray();
        long[] actual = labels.head().toType(DataType.INT64, false).toLongArray();
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + actual.length + " labels");
        }
        float[] logProbs = logits.logSoftmax(1).toFloatArray();
        int classes = confusion.length;
        for (int i = 0; i < actual.length; i++) {
            confusion[(int) actual[i]][(int) predicted[i]]++;
            lossSum -= logProbs[i * classes + (int) actual[i]];
        }
        count += actual.length;
    }

    @Override
    public Map<String, Double> compute() {
        long correct = 0;
        double f1Sum = 0;
        for (int c = 0; c < confusion.length; c++) {
            correct += confusion[c][c];
            long predictedC = 0;
            long actualC = 0;
            for (int k = 0; k < confusion.length; k++) {
                predictedC += confusion[k][c];
                actualC += confusion[c][k];
            }
            double denominator = predictedC + actualC;
            f1Sum += denominator == 0 ? 0 : 2.0 * confusion[c][c] / denominator;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("accuracy", count == 0 ? Double.NaN : (double) correct / count);
        out.put("macro_f1", f1Sum / confusion.length);
        out.put("loss", count == 0 ? Double.NaN : lossSum / count);
        return out;
    }
}
