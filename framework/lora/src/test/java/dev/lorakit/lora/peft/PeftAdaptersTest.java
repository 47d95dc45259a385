package dev.lorakit.lora.peft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraLayer;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.io.Safetensors;
import dev.lorakit.lora.io.SafetensorsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeftAdaptersTest {

    @TempDir Path dir;
    private NDManager m;
    private Map<String, NDArray> baseWeights;

    @BeforeEach
    void setUp() {
        m = NDManager.newBaseManager();
        baseWeights = new LinkedHashMap<>();
        ModuleTree.namedParameters(mlp(false)).forEach((k, p) -> baseWeights.put(k, p.getArray().duplicate()));
    }

    @AfterEach
    void tearDown() {
        m.close();
    }

    private Block mlp(boolean withBaseWeights) {
        Block b = new SequentialBlock().add(Linear.builder().setUnits(6).build()).add(Activation.reluBlock()).add(Linear.builder().setUnits(3).build());
        b.initialize(m, DataType.FLOAT32, new Shape(2, 5));
        if (withBaseWeights) {
            var params = ModuleTree.namedParameters(b);
            baseWeights.forEach((k, v) -> v.copyTo(params.get(k).getArray()));
        }
        return b;
    }

    private LoraModel trainedLookingAdapter(Block root) {
        LoraModel lora = LoraModel.builder().setBlock(root).setConfig(LoraConfig.of("0", "2").withR(2)).build();
        lora.trainableParameters().values().forEach(p -> p.getArray().set(m.randomNormal(p.getArray().getShape()).toFloatArray()));
        return lora;
    }

    private static NDArray forward(Block b, NDArray x) {
        return b.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).singletonOrThrow();
    }

    @Test
    void namedAdaptersGoToSubfoldersAndLoadBack() throws Exception {
        Block root = mlp(true);
        LoraModel lora = trainedLookingAdapter(root);
        lora.addAdapter("second", LoraConfig.of("2").withR(3).withAlpha(6));
        lora.loraLayers().get("2").adapters().b("second").getArray().set(m.randomNormal(new Shape(3, 3)).toFloatArray());
        PeftAdapters.save(lora, dir, PeftMetadata.NONE);
        assertThat(dir.resolve(PeftFormat.CONFIG_FILE)).exists();
        assertThat(dir.resolve("second").resolve(PeftFormat.WEIGHTS_FILE)).exists();
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("second").resolve(PeftFormat.WEIGHTS_FILE))) {
            assertThat(f.names()).containsExactlyInAnyOrder("base_model.model.2.lora_A.weight", "base_model.model.2.lora_B.weight");
            assertThat(f.info("base_model.model.2.lora_A.weight").shape()).isEqualTo(new Shape(3, 6));
            assertThat(f.metadata()).containsEntry("format", "pt");
        }
        NDArray x = m.randomNormal(new Shape(2, 5));
        lora.setActiveAdapter("second");
        NDArray expected = forward(root, x);

        Block fresh = mlp(true);
        LoraModel loaded = PeftAdapters.load(fresh, dir);
        PeftAdapters.loadAdapter(loaded, dir.resolve("second"), "second");
        loaded.setActiveAdapter("second");
        assertThat(forward(fresh, x).contentEquals(expected)).isTrue();
    }

    @Test
    void mismatchesAreListedAndNothingIsLoaded() throws Exception {
        PeftAdapters.save(trainedLookingAdapter(mlp(true)), dir, PeftMetadata.NONE);
        Path weights = dir.resolve(PeftFormat.WEIGHTS_FILE);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(weights)) {
            tensors.putAll(f.loadAll(m));
        }
        tensors.put("base_model.model.2.lora_Q.weight", tensors.remove("base_model.model.2.lora_B.weight"));
        tensors.put("base_model.model.0.lora_A.weight", m.zeros(new Shape(3, 5)));
        Safetensors.write(weights, tensors, Map.of());

        Block fresh = mlp(true);
        assertThatThrownBy(() -> PeftAdapters.load(fresh, dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(weights.toString())
                .hasMessageContaining("missing keys [base_model.model.2.lora_B.weight]")
                .hasMessageContaining("unexpected keys [base_model.model.2.lora_Q.weight]")
                .hasMessageContaining("base_model.model.0.lora_A.weight is (3, 5), the model needs (2, 5)")
                .hasMessageContaining("nothing was loaded");
        assertThat(ModuleTree.namedModules(fresh).values()).noneMatch(b -> b instanceof LoraLayer);
    }

    @Test
    void configThatDoesNotFitTheModelNamesTheFile() throws Exception {
        PeftAdapters.save(trainedLookingAdapter(mlp(true)), dir, PeftMetadata.NONE);
        Path config = dir.resolve(PeftFormat.CONFIG_FILE);
        Files.writeString(config, Files.readString(config).replace("\"2\"", "\"classifier\""));
        assertThatThrownBy(() -> PeftAdapters.load(mlp(true), dir))
                .hasMessageContaining(config.toString())
                .hasMessageContaining("'classifier' matched no layer")
                .hasMessageContaining("[0, 2]");
        Files.delete(config);
        assertThatThrownBy(() -> PeftAdapters.load(mlp(true), dir)).hasMessageContaining("adapter_config.json is missing");
    }
}
