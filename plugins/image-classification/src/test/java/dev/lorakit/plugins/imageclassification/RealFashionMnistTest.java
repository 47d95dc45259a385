package dev.lorakit.plugins.imageclassification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.lorakit.api.Batch;
import dev.lorakit.api.MetricAccumulator;
import dev.lorakit.api.SupervisedTask;
import dev.lorakit.zoo.vision.VisionDatasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.lorakit.testing.support.TestContext;

/**
 * The plugin on the real Fashion-MNIST files: a short Adam run (default CNN) must beat 80% on the
 * 10,000 test images. Slow (minutes on a loaded 2-core machine): run with
 * {@code -Dsurefire.excludedGroups= -Dtest=RealFashionMnistTest}.
 */
@Tag("slow")
class RealFashionMnistTest {

    @Test
    void shortTrainingOnRealFashionMnist(@TempDir Path tmp) throws Exception {
        Path data = VisionDatasets.defaultDataDirectory();
        assumeTrue(Files.isRegularFile(VisionDatasets.fashionMnistDirectory(data).resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST absent; run framework/zoo/src/main/scripts/fetch-fashion-mnist.sh");
        int steps = Integer.getInteger("lorakit.test.steps", 300);
        ai.djl.engine.Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            ImageClassificationConfig config = new ImageClassificationConfig(
                    ImageClassificationConfig.Dataset.FASHION_MNIST, null, null, null, null, null, null, null, null, null);
            SupervisedTask task = (SupervisedTask) new ImageClassificationPlugin().createTask(config, new TestContext(tmp, data, 1, manager));
            task.model().initialize(manager, DataType.FLOAT32, task.inputShapes());
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.001f)).build();
            ParameterStore ps = new ParameterStore(manager, false);
            Random r = new Random(1);
            long t0 = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                try (NDManager step = manager.newSubManager()) {
                    Batch b = task.trainData().batch(step, r.ints(64, 0, task.trainData().size()).toArray());
                    b.inputs().head().setRequiresGradient(true); // see docs/vision.md, known issue
                    try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                        gc.backward(task.loss(task.model().forward(ps, b.inputs(), true), b.labels()));
                    }
                    for (Parameter p : task.model().getParameters().values()) {
                        adam.update(p.getId(), p.getArray(), p.getArray().getGradient());
                    }
                }
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            MetricAccumulator metrics = task.newMetrics();
            int n = task.testData().size();
            for (int from = 0; from < n; from += 500) {
                try (NDManager step = manager.newSubManager()) {
                    Batch b = task.testData().batch(step, IntStream.range(from, Math.min(n, from + 500)).toArray());
                    metrics.update(task.model().forward(ps, b.inputs(), false), b.labels());
                }
            }
            Map<String, Double> m = metrics.compute();
            System.out.printf("RealFashionMnistTest: %d steps x 64 in %.1f s, test accuracy %.4f, per class %s%n",
                    steps, trainSeconds, m.get("accuracy"), m);
            assertThat(m.get("accuracy")).isGreaterThan(0.8);
            assertThat(tmp.resolve("report/confusion-matrix.png")).exists();
            Files.copy(tmp.resolve("report/confusion-matrix.png"), Path.of("target/fashion-confusion-matrix.png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
