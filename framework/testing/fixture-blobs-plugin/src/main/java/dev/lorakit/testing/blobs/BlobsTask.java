package dev.lorakit.testing.blobs;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.loss.Loss;
import dev.lorakit.api.AbstractSupervisedTask;
import dev.lorakit.api.Batch;
import dev.lorakit.api.ExampleSource;
import dev.lorakit.api.MainMetric;
import dev.lorakit.api.MetricAccumulator;
import dev.lorakit.train.metrics.ClassificationMetrics;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.random.Well19937c;

/** Points around (-1, 0) (class 0) and (1, 0) (class 1), drawn with commons-math3. */
final class BlobsTask extends AbstractSupervisedTask {

    private final float[][] x;
    private final int[] y;

    BlobsTask(BlobsConfig config, long seed) {
        super(new MainMetric("eval/accuracy", true), Loss.softmaxCrossEntropyLoss());
        setModel(new SequentialBlock()
                .add(Linear.builder().setUnits(8).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(2).build()),
                new Shape(1, 2));
        NormalDistribution noise = new NormalDistribution(new Well19937c(seed), 0.0, config.spread());
        int n = config.examples();
        x = new float[n][2];
        y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            x[i][0] = (float) ((y[i] == 0 ? -1 : 1) + noise.sample());
            x[i][1] = (float) noise.sample();
        }
        int split = n * 4 / 5;
        setData(slice(0, split), slice(split, n));
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
    public MetricAccumulator newMetrics() {
        return ClassificationMetrics.builder().setClassNames(List.of("left", "right")).build();
    }
}
