package dev.lorakit.testing.blobs;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.loss.Loss;
import dev.lorakit.api.Batch;
import dev.lorakit.api.ExampleSource;
import dev.lorakit.api.MainMetric;
import dev.lorakit.api.MetricAccumulator;
import dev.lorakit.api.SupervisedTask;
import dev.lorakit.train.metrics.ClassificationMetrics;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.random.Well19937c;

/** Points around (-1, 0) (class 0) and (1, 0) (class 1), drawn with commons-math3. */
final class BlobsTask implements SupervisedTask {

    private final SequentialBlock model = new SequentialBlock()
            .add(Linear.builder().setUnits(8).build())
            .add(Activation::relu)
            .add(Linear.builder().setUnits(2).build());
    private final Loss loss = Loss.softmaxCrossEntropyLoss();
    private final float[][] x;
    private final int[] y;
    private final int split;

    BlobsTask(BlobsConfig config, long seed) {
        NormalDistribution noise = new NormalDistribution(new Well19937c(seed), 0.0, config.spread());
        int n = config.examples();
        x = new float[n][2];
        y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            x[i][0] = (float) ((y[i] == 0 ? -1 : 1) + noise.sample());
            x[i][1] = (float) noise.sample();
        }
        split = n * 4 / 5;
    }

    @Override
    public Block model() {
        return model;
    }

    @Override
    public Shape[] inputShapes() {
        return new Shape[] {new Shape(1, 2)};
    }

    @Override
    public MainMetric mainMetric() {
        return new MainMetric("eval/accuracy", true);
    }

    @Override
    public ExampleSource trainData() {
        return slice(0, split);
    }

    @Override
    public ExampleSource evalData() {
        return slice(split, x.length);
    }

    private ExampleSource slice(int from, int to) {
        return new ExampleSource() {
            @Override
            public int size() {
                return to - from;
            }

            @Override
            public Batch batch(NDManager manager, int[] indices) {
                float[][] xs = new float[indices.length][];
                int[] ys = new int[indices.length];
                for (int i = 0; i < indices.length; i++) {
                    xs[i] = x[from + indices[i]];
                    ys[i] = y[from + indices[i]];
                }
                return new Batch(new NDList(manager.create(xs)), new NDList(manager.create(ys)));
            }
        };
    }

    @Override
    public NDArray loss(NDList predictions, NDList labels) {
        return loss.evaluate(labels, predictions);
    }

    @Override
    public MetricAccumulator newMetrics() {
        return ClassificationMetrics.builder().setClassNames(List.of("left", "right")).build();
    }
}
