package dev.lorakit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.loss.Loss;
import dev.lorakit.api.AbstractSupervisedTask;
import dev.lorakit.api.Batch;
import dev.lorakit.api.ExampleSource;
import dev.lorakit.api.MainMetric;
import dev.lorakit.api.MetricAccumulator;
import java.util.ArrayList;
import dev.lorakit.api.Seeds;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The trainer visits each epoch in the order its training source chooses, and checks that order. */
class EpochOrderTest {

    /** A source over spiral points whose epoch order is given, recording the batches it serves. */
    private static final class OrderedSource implements ExampleSource {
        final ExampleSource points = SpiralTask.Split.generate(new Random(3), 10);
        final BiFunction<Random, Integer, int[]> order;
        final List<int[]> served = new ArrayList<>();
        final List<Long> firstDraws = new ArrayList<>();

        OrderedSource(BiFunction<Random, Integer, int[]> order) {
            this.order = order;
        }

        @Override
        public int size() {
            return points.size();
        }

        @Override
        public int[] epochOrder(Random random, int batchSize) {
            firstDraws.add(random.nextLong());
            return order.apply(random, batchSize);
        }

        @Override
        public Batch batch(NDManager manager, int[] indices) {
            served.add(indices.clone());
            return points.batch(manager, indices);
        }
    }

    private static final class OrderedTask extends AbstractSupervisedTask {
        OrderedTask(OrderedSource train) {
            super(new MainMetric("eval/accuracy", true), Loss.softmaxCrossEntropyLoss());
            setModel(Linear.builder().setUnits(SpiralTask.CLASSES).build(), new Shape(1, 2));
            setData(train, SpiralTask.Split.generate(new Random(4), 6));
        }

        @Override
        public MetricAccumulator newMetrics() {
            return new SpiralTask.Accuracy();
        }
    }

    private static void train(OrderedSource source, long seed) throws Exception {
        OrderedTask task = new OrderedTask(source);
        try (NDManager manager = NDManager.newBaseManager()) {
            task.model().initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, task.inputShapes());
            TrainerConfig config = TrainerConfig.of(null, null, null, null, 4, null, 2, null, null, null, "cpu", null);
            DefaultLearner learner = DefaultLearner.fromConfig(config, task.model(), Devices.resolve("cpu"), 10, 1);
            SupervisedTrainer.builder().setTask(task).setLearner(learner).setConfig(config).setSeed(seed).build().fit();
        }
    }

    @Test
    void batchesFollowTheSourcesOrderWithTheRemainderLast() throws Exception {
        int[] descending = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
        OrderedSource source = new OrderedSource((random, batchSize) -> {
            assertThat(batchSize).isEqualTo(4);
            return descending.clone();
        });
        train(source, 5);
        assertThat(source.served).hasSize(6); // 2 epochs of 4 + 4 + 2
        for (int epoch = 0; epoch < 2; epoch++) {
            assertThat(source.served.get(3 * epoch)).containsExactly(9, 8, 7, 6);
            assertThat(source.served.get(3 * epoch + 1)).containsExactly(5, 4, 3, 2);
            assertThat(source.served.get(3 * epoch + 2)).containsExactly(1, 0);
        }
        // Each epoch's generator is its own (seeded by run seed and epoch), the same for a seed.
        OrderedSource again = new OrderedSource((random, batchSize) -> descending.clone());
        train(again, 5);
        assertThat(again.firstDraws).isEqualTo(source.firstDraws).doesNotHaveDuplicates();
    }

    @Test
    void theDefaultOrderIsTheSeededPermutation() {
        ExampleSource points = SpiralTask.Split.generate(new Random(3), 10);
        assertThat(points.epochOrder(new Random(8), 4)).containsExactly(Seeds.permutation(new Random(8), 10));
        assertThat(Arrays.stream(points.epochOrder(new Random(8), 4)).sorted().toArray())
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void anOrderThatRepeatsOrSkipsAnExampleIsRefused() {
        OrderedSource repeats = new OrderedSource((random, batchSize) -> new int[] {0, 0, 1, 2, 3, 4, 5, 6, 7, 8});
        assertThatThrownBy(() -> train(repeats, 1))
                .hasMessageContaining("epochOrder must return every index in 0..9 exactly once");
        OrderedSource tooShort = new OrderedSource((random, batchSize) -> new int[] {0, 1});
        assertThatThrownBy(() -> train(tooShort, 1)).hasMessageContaining("got 2 entries");
    }
}
