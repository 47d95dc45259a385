package dev.lorakit.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.loss.Loss;
import dev.lorakit.api.AbstractSupervisedTask;
import dev.lorakit.api.MainMetric;
import dev.lorakit.api.MetricAccumulator;
import dev.lorakit.api.Seeds;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.train.metrics.MetricsListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Evaluation frees what each batch creates, wherever the arrays landed. A LoRA convolution in
 * inference composes its kernel from the parameters, so those arrays belong to the model's
 * manager, not to the batch's: without a scope per evaluation batch every evaluation left them
 * there until the model closed.
 */
class EvaluationMemoryTest {

    @Test
    void evaluationsLeaveNoArraysInTheModelsManager() throws Exception {
        long seed = 3;
        ConvSpiralTask task = new ConvSpiralTask(seed);
        try (NDManager manager = NDManager.newBaseManager()) {
            Seeds.seedEngine(seed);
            task.model().initialize(manager, DataType.FLOAT32, task.inputShapes());
            LoraModel.builder().setBlock(task.model()).setConfig(LoraConfig.of("1").withR(2)).optSeed(seed).build();
            task.model().initialize(manager, DataType.FLOAT32, task.inputShapes());
            TrainerConfig config = TrainerConfig.of(null, null, null, null, 16, 6L, null, 2, 2, null, "cpu", null);
            DefaultLearner learner = DefaultLearner.fromConfig(config, task.model(), Devices.resolve("cpu"), 6, seed);
            List<Integer> arraysAtEvaluations = new ArrayList<>();
            MetricsListener counter = (step, metrics) -> {
                if (metrics.keySet().stream().anyMatch(k -> k.startsWith("eval/") || k.startsWith("test/"))) {
                    arraysAtEvaluations.add(manager.getManagedArrays().size());
                }
            };
            SupervisedTrainer.builder()
                    .setTask(task).setLearner(learner).setConfig(config).setSeed(seed)
                    .optListener(counter)
                    .build()
                    .fit();
            // Evaluations at steps 2, 4 and 6 and the test pass, each over several batches.
            assertThat(arraysAtEvaluations).hasSize(4);
            assertThat(arraysAtEvaluations).as("arrays in the model's manager after each evaluation")
                    .containsOnly(arraysAtEvaluations.get(0));
        }
    }

    /** The spirals through a LoRA-adapted 1x1 convolution (the points as 2 channels of 1x1 pixels). */
    private static final class ConvSpiralTask extends AbstractSupervisedTask {

        ConvSpiralTask(long seed) {
            super(new MainMetric("eval/accuracy", true), Loss.softmaxCrossEntropyLoss());
            Random random = Seeds.random(seed, "spiral-data");
            setData(SpiralTask.Split.generate(random, 64), SpiralTask.Split.generate(random, 50),
                    SpiralTask.Split.generate(random, 50));
            setModel(new SequentialBlock()
                    .add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().reshape(-1, 2, 1, 1))))
                    .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(8).build())
                    .add(Activation::relu)
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(SpiralTask.CLASSES).build()),
                    new Shape(1, 2));
        }

        @Override
        public MetricAccumulator newMetrics() {
            return new SpiralTask.Accuracy();
        }
    }
}
