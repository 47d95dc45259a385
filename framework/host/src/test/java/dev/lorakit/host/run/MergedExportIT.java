package dev.lorakit.host.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.host.config.ExperimentConfigs;
import dev.lorakit.host.config.ResolvedConfig;
import dev.lorakit.host.plugin.PluginLoader;
import dev.lorakit.host.plugin.PluginRegistry;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.io.SafetensorsFile;
import dev.lorakit.lora.peft.PeftAdapters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export.merged}: the merged model computes what the adapted model computes. */
class MergedExportIT {

    @TempDir Path tmp;

    private ResolvedConfig config(PluginRegistry registry, String yaml) throws Exception {
        Path file = tmp.resolve("m.yaml");
        Files.writeString(file, "plugin: fixture\nseed: 4\nexport: {merged: true}\n"
                + "trainer: {max_steps: 20, eval_every: 20, log_every: 10, lr: 0.05}\n"
                + "fixture: {examples: 64, hidden: 8}\n" + yaml);
        return ExperimentConfigs.load(file, List.of(), registry);
    }

    @Test
    void aLoraRunsMergedModelHasTheBaseNamesAndTheAdaptedModelsOutput() throws Exception {
        try (PluginRegistry registry = PluginLoader.builder().optClasspath(getClass().getClassLoader()).build().load();
                NDManager manager = NDManager.newBaseManager()) {
            ResolvedConfig config = config(registry, "lora: {r: 2, alpha: 4}\ncheckpoint: {every_steps: 0}\n");
            Path run = ExperimentRunner.builder().setConfig(config).optRunDirectory(tmp.resolve("lora"))
                    .optProgress(false).build().run().runDirectory();

            // The adapted model, rebuilt from the base and the exported PEFT adapter.
            Block adapted = PeftAdapters.load(TestModels.initialModel(config, tmp, manager), run.resolve("adapter"))
                    .getBlock();
            float[] expected = TestModels.forward(adapted, manager);

            Block plain = TestModels.initialModel(config, tmp, manager);
            Map<String, Parameter> params = ModuleTree.namedParameters(plain);
            try (SafetensorsFile merged = SafetensorsFile.open(run.resolve("merged/model.safetensors"))) {
                assertThat(merged.names()).containsExactlyInAnyOrderElementsOf(params.keySet())
                        .containsExactlyInAnyOrder("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias");
                for (Map.Entry<String, Parameter> p : params.entrySet()) {
                    p.getValue().getArray().set(merged.load(manager, p.getKey()).toByteBuffer());
                }
            }
            float[] actual = TestModels.forward(plain, manager);
            assertThat(actual).containsExactly(expected, Offset.offset(1e-5f));
            // ...and differs from the untrained base: the adapters were merged in.
            assertThat(TestModels.forward(TestModels.initialModel(config, tmp, manager), manager))
                    .isNotEqualTo(actual);

            JsonNode info = new ObjectMapper().readTree(run.resolve("merged/lorakit_merged.json").toFile());
            assertThat(info.get("plugin").asText()).isEqualTo("fixture");
            assertThat(info.get("fine_tuning").asText()).isEqualTo("lora");
            assertThat(info.get("steps").asLong()).isEqualTo(20);
            assertThat(info.get("tensors").asInt()).isEqualTo(6);
            assertThat(info.get("parameters").asLong()).isEqualTo(2 * 8 + 8 + 8 * 8 + 8 + 8 * 2 + 2);
            assertThat(info.at("/merged_lora/target_modules").toString()).isEqualTo("[\"0\",\"2\"]");
        }
    }

    @Test
    void aFullRunsMergedModelIsItsFinalWeights() throws Exception {
        try (PluginRegistry registry = PluginLoader.builder().optClasspath(getClass().getClassLoader()).build().load();
                NDManager manager = NDManager.newBaseManager()) {
            ResolvedConfig config = config(registry, "lora: {enabled: false}\ncheckpoint: {every_steps: 20}\n");
            Path run = ExperimentRunner.builder().setConfig(config).optRunDirectory(tmp.resolve("full"))
                    .optProgress(false).build().run().runDirectory();
            try (SafetensorsFile merged = SafetensorsFile.open(run.resolve("merged/model.safetensors"));
                    SafetensorsFile last = SafetensorsFile.open(run.resolve("checkpoints/step-000020/parameters.safetensors"))) {
                assertThat(merged.names()).isEqualTo(last.names());
                for (String name : merged.names()) {
                    assertThat(merged.floats(name)).as(name).containsExactly(last.floats(name));
                }
            }
            assertThat(Files.readString(run.resolve("merged/lorakit_merged.json"))).contains("\"fine_tuning\" : \"full\"")
                    .doesNotContain("merged_lora");
        }
    }
}
