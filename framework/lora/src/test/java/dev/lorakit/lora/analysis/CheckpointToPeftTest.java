package dev.lorakit.lora.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.io.Safetensors;
import dev.lorakit.lora.io.SafetensorsFile;
import dev.lorakit.lora.peft.PeftFormat;
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
}
