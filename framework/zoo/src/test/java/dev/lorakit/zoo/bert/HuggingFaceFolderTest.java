package dev.lorakit.zoo.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.io.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes small checkpoints with Hugging Face key names (as {@code save_pretrained} would: task
 * prefix, {@code position_ids} buffer, shards) and loads them back.
 */
class HuggingFaceFolderTest {

    @TempDir Path dir;
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** A randomly initialized encoder and its state dict under HF keys with {@code prefix}. */
    private Map<String, NDArray> stateDict(BertModel model, String prefix) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : ModuleTree.namedParameters(model).entrySet()) {
            out.put(prefix + e.getKey(), e.getValue().getArray());
        }
        out.put(prefix + "embeddings.position_ids",
                manager.arange(0, model.getConfig().maxPositionEmbeddings(), 1, DataType.INT64).expandDims(0));
        return out;
    }

    private void writeConfig(Path folder, BertConfig config) throws Exception {
        Files.createDirectories(folder);
        ObjectNode json = (ObjectNode) config.toJson();
        json.putArray("architectures").add("Whatever");
        Files.writeString(folder.resolve("config.json"), new ObjectMapper().writeValueAsString(json));
    }

    private BertModel randomModel(BertConfig config, boolean pooler) {
        BertModel m = BertModel.builder().setConfig(config).optPooler(pooler).build();
        m.initialize(manager, DataType.FLOAT32, new Shape(1, 4), new Shape(1, 4));
        return m;
    }

    private NDList run(BertModel m, long pad) {
        NDArray ids = manager.create(new long[][] {{3, 9, 14, 4, pad}, {3, 7, 4, pad, pad}});
        NDArray mask = manager.create(new long[][] {{1, 1, 1, 1, 0}, {1, 1, 1, 0, 0}});
        return m.forward(new ParameterStore(manager, false), new NDList(ids, mask), false);
    }

    @Test
    void bertTaskCheckpointWithPrefixAndPooler() throws Exception {
        BertConfig cfg = BertModelTest.tiny(BertConfig.Family.BERT);
        BertModel original = randomModel(cfg, true);
        Path folder = dir.resolve("bert");
        writeConfig(folder, cfg);
        Safetensors.write(folder.resolve("model.safetensors"), stateDict(original, "bert."), Map.of("format", "pt"));

        BertModel loaded = HuggingFaceFolder.loadEncoder(folder, manager);
        assertThat(loaded.hasPooler()).isTrue();
        NDList a = run(original, 0);
        NDList b = run(loaded, 0);
        assertThat(a.get(0).sub(b.get(0)).abs().max().getFloat()).isZero();
        assertThat(a.get(1).sub(b.get(1)).abs().max().getFloat()).isZero();

        // As RobertaForSequenceClassification (add_pooling_layer=False): the pooler is skipped.
        BertModel noPooler = HuggingFaceFolder.loadEncoder(folder, manager, false);
        assertThat(noPooler.hasPooler()).isFalse();
        assertThat(run(noPooler, 0).head().sub(a.get(0)).abs().max().getFloat()).isZero();
    }

    @Test
    void shardedRobertaCheckpointWithoutPooler() throws Exception {
        BertConfig cfg = BertModelTest.tiny(BertConfig.Family.ROBERTA);
        BertModel original = randomModel(cfg, false);
        Path folder = dir.resolve("roberta");
        writeConfig(folder, cfg);
        Map<String, NDArray> all = stateDict(original, "roberta.");
        Map<String, NDArray> first = new LinkedHashMap<>();
        Map<String, NDArray> second = new LinkedHashMap<>();
        ObjectNode index = new ObjectMapper().createObjectNode();
        ObjectNode weightMap = index.putObject("weight_map");
        for (Map.Entry<String, NDArray> e : all.entrySet()) {
            boolean inFirst = e.getKey().contains("embeddings") || e.getKey().contains("layer.0.");
            (inFirst ? first : second).put(e.getKey(), e.getValue());
            weightMap.put(e.getKey(), inFirst ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
        }
        Safetensors.write(folder.resolve("model-00001-of-00002.safetensors"), first, Map.of());
        Safetensors.write(folder.resolve("model-00002-of-00002.safetensors"), second, Map.of());
        Files.writeString(folder.resolve("model.safetensors.index.json"), index.toString());

        BertModel loaded = HuggingFaceFolder.loadEncoder(folder, manager);
        assertThat(loaded.getConfig().family()).isEqualTo(BertConfig.Family.ROBERTA);
        assertThat(loaded.hasPooler()).isFalse();
        assertThat(run(original, 1).head().sub(run(loaded, 1).head()).abs().max().getFloat()).isZero();
    }

    @Test
    void missingAndMisshapedTensorsAreNamed() throws Exception {
        BertConfig cfg = BertModelTest.tiny(BertConfig.Family.BERT);
        BertModel original = randomModel(cfg, false);
        Path folder = dir.resolve("broken");
        writeConfig(folder, cfg);
        Map<String, NDArray> sd = stateDict(original, "");
        sd.remove("encoder.layer.1.attention.self.value.bias");
        sd.put("encoder.layer.0.intermediate.dense.weight", manager.zeros(new Shape(16, 32)));
        Safetensors.write(folder.resolve("model.safetensors"), sd, Map.of());
        assertThatThrownBy(() -> HuggingFaceFolder.loadEncoder(folder, manager))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model.safetensors")
                .hasMessageContaining("missing tensors [encoder.layer.1.attention.self.value.bias]")
                .hasMessageContaining("'encoder.layer.0.intermediate.dense.weight' has shape [16, 32]");
        assertThatThrownBy(() -> HuggingFaceFolder.loadEncoder(dir.resolve("nowhere"), manager))
                .hasMessageContaining("config.json");
    }
}
