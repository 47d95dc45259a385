package dev.lorakit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.loss.Loss;
import dev.lorakit.api.AbstractSupervisedTask;
import dev.lorakit.api.Batch;
import dev.lorakit.api.ExampleSource;
import dev.lorakit.api.MainMetric;
import dev.lorakit.api.MetricAccumulator;
import dev.lorakit.api.Seeds;
import java.util.Map;
import java.util.Random;

/**
 * A small but non-trivial supervised task for trainer tests: three interleaved noisy spirals
 * in 2-D (not linearly separable), an MLP with dropout, cross-entropy, accuracy.
 */
final class SpiralTask extends AbstractSupervisedTask {

    static final int CLASSES = 3;

    SpiralTask(long seed, int trainSize, float dropout) {
        super(new MainMetric("eval/accuracy", true), Loss.softmaxCrossEntropyLoss());
        Random random = Seeds.random(seed, "spiral-data");
        setData(Split.generate(random, trainSize), Split.generate(random, 90), Split.generate(random, 90));
        setModel(new SequentialBlock()
                .add(Linear.builder().setUnits(32).build())
                .add(Activation::relu)
                .add(Dropout.builder().optRate(dropout).build())
                .add(Linear.builder().setUnits(32).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(CLASSES).build()),
                new Shape(1, 2));
    }

    /** Initializes the model in {@code manager} with the engine seeded from the run seed. */
    Block initialize(NDManager manager, long seed) {
        Seeds.seedEngine(seed);
        model().initialize(manager, DataType.FLOAT32, inputShapes());
        return model();
    }

    @Override
    public MetricAccumulator newMetrics() {
        return new Accuracy();
    }

    /** Counts correct argmax predictions. */
    static final class Accuracy implements MetricAccumulator {
        private long correct;
        private long total;

        @Override
        public void update(NDList predictions, NDList labels) {
            NDArray predicted = predictions.head().argMax(1).toType(DataType.INT32, false);
            NDArray truth = labels.head().toType(DataType.INT32, false);
            correct += predicted.eq(truth).sum().getLong();
            total += truth.size();
        }

        @Override
        public Map<String, Double> compute() {
            return Map.of("accuracy", total == 0 ? Double.NaN : (double) correct / total);
        }
    }

    /** One split of the spirals: points and labels in Java arrays. */
    static final class Split implements ExampleSource {
        private final float[][] points;
        private final int[] labels;

        private Split(float[][] points, int[] labels) {
            this.points = points;
            this.labels = labels;
        }

        static Split generate(Random random, int n) {
            float[][] points = new float[n][];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                int c = i % CLASSES;
                double r = random.nextDouble();
                double angle = c * 2 * Math.PI / CLASSES + r * 3.5 + random.nextGaussian() * 0.25;
                points[i] = new float[] {(float) (r * Math.cos(angle)), (float) (r * Math.sin(angle))};
                labels[i] = c;
            }
            return new Split(points, labels);
        }

        @Override
        public int size() {
            return labels.length;
        }

        @Override
        public Batch batch(NDManager manager, int[] indices) {
            float[] x = new float[indices.length * 2];
            float[] y = new float[indices.length];
            for (int i = 0; i < indices.length; i++) {
                x[2 * i] = points[indices[i]][0];
                x[2 * i + 1] = points[indices[i]][1];
                y[i] = labels[indices[i]];
            }
            return new Batch(
                    new NDList(manager.create(x, new Shape(indices.length, 2))),
                    new NDList(manager.create(y, new Shape(indices.length))));
        }
    }
}
