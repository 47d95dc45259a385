package dev.lorakit.lora.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.lorakit.lora.LoraBias;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.io.Safetensors;
import dev.lorakit.lora.io.SafetensorsFile;
import dev.lorakit.lora.peft.PeftAdapters;
import dev.lorakit.lora.peft.PeftFormat;
import dev.lorakit.lora.peft.PeftMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointToPeftTest {

    @TempDir Path dir;

    @Test
    void checkpointOfALoraModelConvertsToTheFolderPeftAdaptersSaves() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            AnalysisFixtures f = AnalysisFixtures.create(m, dir);
            Map<String, NDArray> all = new LinkedHashMap<>();
            ModuleTree.namedParameters(f.root).forEach((k, p) -> all.put(k, p.getArray()));
            Path step = Files.createDirectories(dir.resolve("run/checkpoints/step-000005"));
            Safetensors.write(step.resolve(BaseWeights.CHECKPOINT_FILE), all, Map.of());

            assertThat(CheckpointToPeft.convert(dir.resolve("run"), dir.resolve("adapter"), dir.resolve("converted"))).isEqualTo(4);
            try (SafetensorsFile saved = SafetensorsFile.open(dir.resolve("adapter").resolve(PeftFormat.WEIGHTS_FILE));
                    SafetensorsFile converted = SafetensorsFile.open(dir.resolve("converted").resolve(PeftFormat.WEIGHTS_FILE))) {
                assertThat(converted.names()).containsExactlyInAnyOrderElementsOf(saved.names());
                for (String name : saved.names()) {
                    assertThat(converted.floats(name)).containsExactly(saved.floats(name));
                }
            }
            var deltas = AdapterDeltas.read(dir.resolve("converted"), p -> true);
            assertThat(deltas).hasSize(2);
            // The same whole-model checkpoint also serves as the base: W is found under the LoRA model's names.
            try (BaseWeights base = BaseWeights.open(dir.resolve("run"))) {
                float[] expected = f.baseWeights.get("0.weight");
                double[] got = base.weightFor(deltas.get(0)).orElseThrow().data();
                for (int i = 0; i < expected.length; i++) {
                    assertThat(got[i]).isEqualTo((double) expected[i]);
                }
            }
        }
    }

    @Test
    void adaptersWithBiasesAndModulesToSaveRoundTripThroughACheckpoint() throws Exception {
        for (LoraBias bias : new LoraBias[] {LoraBias.ALL, LoraBias.LORA_ONLY}) {
            Path here = Files.createDirectories(dir.resolve(bias.configName()));
            try (NDManager m = NDManager.newBaseManager()) {
                Block root = new SequentialBlock().add(Linear.builder().setUnits(6).build()).add(Activation.reluBlock())
                        .add(Linear.builder().setUnits(4).build()).add(Linear.builder().setUnits(3).build());
                root.initialize(m, DataType.FLOAT32, new Shape(2, 5));
                LoraModel lora = LoraModel.builder().setBlock(root)
                        .setConfig(LoraConfig.of("0", "2").withR(2).withAlpha(4).withBias(bias).withModulesToSave("3"))
                        .build();
                // "Training": every trainable tensor (factors, biases, the saved module) gets new values.
                lora.trainableParameters().values()
                        .forEach(p -> p.getArray().set(m.randomNormal(p.getArray().getShape()).toFloatArray()));
                PeftAdapters.save(lora, here.resolve("adapter"), PeftMetadata.NONE);
                Map<String, NDArray> all = new LinkedHashMap<>();
                ModuleTree.namedParameters(root).forEach((k, p) -> all.put(k, p.getArray()));
                Path step = Files.createDirectories(here.resolve("run/checkpoints/step-000003"));
                Safetensors.write(step.resolve(BaseWeights.CHECKPOINT_FILE), all, Map.of());

                int written = CheckpointToPeft.convert(here.resolve("run"), here.resolve("adapter"), here.resolve("converted"));

                try (SafetensorsFile saved = SafetensorsFile.open(here.resolve("adapter").resolve(PeftFormat.WEIGHTS_FILE));
                        SafetensorsFile converted = SafetensorsFile.open(here.resolve("converted").resolve(PeftFormat.WEIGHTS_FILE))) {
                    assertThat(converted.names()).as(bias.configName()).containsExactlyInAnyOrderElementsOf(saved.names())
                            .contains(PeftFormat.KEY_PREFIX + "3.weight", PeftFormat.KEY_PREFIX + "3.bias",
                                    PeftFormat.KEY_PREFIX + "0.base_layer.bias", PeftFormat.KEY_PREFIX + "2.base_layer.bias");
                    assertThat(converted.names().contains(PeftFormat.KEY_PREFIX + "3.bias")).isTrue();
                    assertThat(written).isEqualTo(saved.names().size());
                    for (String name : saved.names()) {
                        assertThat(converted.floats(name)).as(name).containsExactly(saved.floats(name));
                    }
                }
                // The converted folder loads back into a fresh base model and gives the trained model's output.
                NDArray x = m.randomNormal(new Shape(2, 5));
                float[] expected = root.forward(new ai.djl.training.ParameterStore(m, false), new NDList(x), false)
                        .singletonOrThrow().toFloatArray();
                Block fresh = new SequentialBlock().add(Linear.builder().setUnits(6).build()).add(Activation.reluBlock())
                        .add(Linear.builder().setUnits(4).build()).add(Linear.builder().setUnits(3).build());
                fresh.initialize(m, DataType.FLOAT32, new Shape(2, 5));
                Map<String, ai.djl.nn.Parameter> freshParams = ModuleTree.namedParameters(fresh);
                ModuleTree.namedParameters(root).forEach((k, p) -> {
                    if (freshParams.containsKey(k)) {
                        freshParams.get(k).getArray().set(p.getArray().toFloatArray());
                    }
                });
                // Scramble what the adapter must bring back, so a missing tensor fails the comparison.
                freshParams.get("3.weight").getArray().set(m.zeros(new Shape(3, 4)).toFloatArray());
                freshParams.get("0.bias").getArray().set(m.zeros(new Shape(6)).toFloatArray());
                PeftAdapters.load(fresh, here.resolve("converted"));
                float[] got = fresh.forward(new ai.djl.training.ParameterStore(m, false), new NDList(x), false)
                        .singletonOrThrow().toFloatArray();
                assertThat(got).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void aCheckpointMissingAnAdapterTensorIsRefusedByName() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            AnalysisFixtures f = AnalysisFixtures.create(m, dir);
            Map<String, NDArray> some = new LinkedHashMap<>();
            ModuleTree.namedParameters(f.root).forEach((k, p) -> {
                if (!k.equals("2.lora_B.default.weight")) {
                    some.put(k, p.getArray());
                }
            });
            Path step = Files.createDirectories(dir.resolve("run/checkpoints/step-000001"));
            Safetensors.write(step.resolve(BaseWeights.CHECKPOINT_FILE), some, Map.of());
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> CheckpointToPeft.convert(dir.resolve("run"), dir.resolve("adapter"), dir.resolve("out")))
                    .hasMessageContaining("2.lora_B.default.weight (for base_model.model.2.lora_B.weight) is missing");
            assertThat(dir.resolve("out")).doesNotExist();
        }
    }
}
