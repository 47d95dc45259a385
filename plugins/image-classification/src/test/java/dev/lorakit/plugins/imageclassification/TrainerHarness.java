package dev.lorakit.plugins.imageclassification;

import dev.lorakit.testing.support.TestContext;
import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.lorakit.api.SupervisedTask;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.train.DefaultLearner;
import dev.lorakit.train.SupervisedTrainer;
import dev.lorakit.train.TrainerConfig;
import dev.lorakit.train.TrainingResult;
import dev.lorakit.train.optim.AdamWConfig;
import dev.lorakit.train.optim.ScheduleConfig;
import java.nio.file.Path;

/**
 * The plugin's tasks through the shared trainer, in the order {@code lorakit run} uses:
 * create the task, initialise the model, inject LoRA (optional), then {@link SupervisedTrainer}
 * with a {@link DefaultLearner} built from a {@link TrainerConfig}.
 */
final class TrainerHarness {

    private TrainerHarness() {}

    static SupervisedTask createTask(ImageClassificationConfig config, Path run, Path data, long seed, NDManager manager)
            throws Exception {
        SupervisedTask task = (SupervisedTask) new ImageClassificationPlugin().createTask(config, new TestContext(run, data, seed, manager));
        task.model().initialize(manager, DataType.FLOAT32, task.inputShapes());
        return task;
    }

    static LoraModel injectLora(SupervisedTask task, LoraConfig lora, long seed) {
        return LoraModel.builder().setBlock(task.model()).setConfig(lora).optSeed(seed).build();
    }

    /** Adam at {@code lr}, constant rate, batches of 16, evaluation only at the end. */
    static TrainerConfig adam(double lr, long steps) {
        return TrainerConfig.of(new AdamWConfig(lr, 0.9, 0.999, 1e-8, 0.0), ScheduleConfig.constant(),
                null, null, 16, steps, null, null, 5, null, "cpu", null);
    }

    static TrainingResult fit(SupervisedTask task, TrainerConfig config, long seed) throws Exception {
        long total = config.totalUpdates(task.trainData().size());
        try (DefaultLearner learner = DefaultLearner.fromConfig(config, task.model(), new Device[] {Device.cpu()}, total, seed)) {
            return SupervisedTrainer.builder().setTask(task).setLearner(learner).setConfig(config).setSeed(seed).build().fit();
        }
    }
}
