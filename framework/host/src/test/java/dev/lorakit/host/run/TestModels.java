package dev.lorakit.host.run;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.lorakit.api.Seeds;
import dev.lorakit.api.Task;
import dev.lorakit.api.TaskConfig;
import dev.lorakit.api.TaskPlugin;
import dev.lorakit.host.config.ResolvedConfig;
import java.nio.file.Path;

/** A config's task model as a run builds it before training, and a fixed probe forward. */
final class TestModels {

    private TestModels() {}

    /**
     * The task's model, initialised exactly as {@link ExperimentRunner} does before training.
     *
     * @param config the experiment
     * @param scratch a directory for the context
     * @param manager owns the parameters
     * @return the model
     */
    static Block initialModel(ResolvedConfig config, Path scratch, NDManager manager) throws Exception {
        Seeds.seedEngine(config.spec().seed());
        @SuppressWarnings("unchecked")
        TaskPlugin<TaskConfig> plugin = (TaskPlugin<TaskConfig>) config.plugin().plugin();
        Task task = plugin.createTask(config.spec().task(),
                new HostExperimentContext(scratch, config.spec().seed(), scratch, new Device[] {Device.cpu()}));
        Block block = task.model();
        block.initialize(manager, DataType.FLOAT32, task.inputShapes());
        return block;
    }

    /**
     * The model's output on three fixed 2-d points.
     *
     * @param block the model
     * @param manager for the input
     * @return the logits, flattened
     */
    static float[] forward(Block block, NDManager manager) {
        NDArray x = manager.create(new float[] {0.1f, -0.4f, 0.7f, 0.2f, -0.9f, 0.05f}, new Shape(3, 2));
        return block.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow().toFloatArray();
    }
}
