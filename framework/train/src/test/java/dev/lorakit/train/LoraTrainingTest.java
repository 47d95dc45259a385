package dev.lorakit.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.io.SafetensorsFile;
import dev.lorakit.lora.peft.PeftMetadata;
import dev.lorakit.train.checkpoint.CheckpointStore;
import dev.lorakit.train.checkpoint.RunExports;
import dev.lorakit.train.metrics.JsonlMetricsWriter;
import dev.lorakit.train.optim.AdamWConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer on a real LoRA-injected model: adapter-only checkpoints and both exports. */
class LoraTrainingTest {

    @TempDir Path tmp;

    @Test
    void trainsOnlyTheAdaptersAndExportsPeftAndMergedModels() throws Exception {
        long seed = 9;
        SpiralTask task = new SpiralTask(seed, 120, 0f);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block model = task.initialize(manager, seed);
            Map<String, float[]> base = ParameterDump.values(model);
            LoraModel lora = LoraModel.builder()
                    .setBlock(model)
                    .setConfig(LoraConfig.of("0", "3").withR(4))
                    .optSeed(seed)
                    .build();
            model.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, task.inputShapes());
            TrainerConfig config = TrainerConfig.of(
                    AdamWConfig.of(0.05, null, null, null), null, null, null, 16, 12L, null, 6, 3, null, "cpu", null);
            DefaultLearner learner = DefaultLearner.fromConfig(config, model, Devices.resolve("cpu"), 12, seed);
            assertThat(learner.trainableParameters().keySet()).allMatch(n -> n.contains("lora_"));

            CheckpointStore store = CheckpointStore.builder().setDirectory(tmp.resolve("checkpoints")).build();
            SupervisedTrainer.builder()
                    .setTask(task).setLearner(learner).setConfig(config).setSeed(seed)
                    .optCheckpoints(store, CheckpointConfig.of(6, 2, 0, null, true))
                    .optListener(JsonlMetricsWriter.open(tmp.resolve("metrics.jsonl")))
                    .build()
                    .fit();

            Map<String, float[]> trained = ParameterDump.values(model);
            assertThat(trained.get("0.weight")).containsExactly(base.get("0.weight"));
            try (SafetensorsFile saved = SafetensorsFile.open(tmp.resolve("checkpoints/step-000012/parameters.safetensors"))) {
                assertThat(saved.names()).isEqualTo(learner.trainableParameters().keySet());
            }

            NDArray x = manager.randomNormal(new Shape(5, 2));
            float[] adapted = model.forward(new ParameterStore(manager, false), new NDList(x), false).head().toFloatArray();

            Path adapter = RunExports.peftAdapter(lora, tmp, new PeftMetadata(null, null));
            assertThat(adapter.resolve("adapter_config.json")).isRegularFile();
            assertThat(adapter.resolve("adapter_model.safetensors")).isRegularFile();

            Path merged = RunExports.mergedModel(lora, tmp);
            try (SafetensorsFile file = SafetensorsFile.open(merged)) {
                assertThat(file.names()).containsExactlyInAnyOrderElementsOf(base.keySet());
            }
            float[] mergedOut = model.forward(new ParameterStore(manager, false), new NDList(x), false).head().toFloatArray();
            for (int i = 0; i < adapted.length; i++) {
                assertThat(mergedOut[i]).isCloseTo(adapted[i], org.assertj.core.api.Assertions.within(1e-4f));
            }
            assertThat(Files.size(merged)).isPositive();
        }
    }
}
