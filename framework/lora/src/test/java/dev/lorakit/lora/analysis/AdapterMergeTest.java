package dev.lorakit.lora.analysis;

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
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.io.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdapterMergeTest {

    @TempDir Path dir;
    private NDManager m;

    @BeforeEach
    void setUp() {
        m = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        m.close();
    }

    @Test
    void mergedWeightsAreBasePlusScaledBaAndTheMergedModelComputesWhatTheLoraModelDoes() throws Exception {
        AnalysisFixtures f = AnalysisFixtures.create(m, dir);
        Path model = AdapterMerge.merge(dir.resolve("adapter"), dir.resolve("base.safetensors"), dir.resolve("merged"));

        try (SafetensorsFile merged = SafetensorsFile.open(model)) {
            assertThat(merged.names()).containsExactlyInAnyOrderElementsOf(f.baseWeights.keySet());
            for (String layer : new String[] {"0", "2"}) {
                float[] got = merged.floats(layer + ".weight");
                float[] w = f.baseWeights.get(layer + ".weight");
                double[] delta = f.deltaFromEngine(layer);
                for (int i = 0; i < got.length; i++) {
                    assertThat((double) got[i]).isCloseTo(w[i] + delta[i], org.assertj.core.api.Assertions.within(1e-5));
                }
            }
            assertThat(merged.floats("0.bias")).containsExactly(f.baseWeights.get("0.bias"));

            Block plain = new SequentialBlock().add(Linear.builder().setUnits(40).build()).add(Activation.reluBlock()).add(Linear.builder().setUnits(3).build());
            plain.initialize(m, DataType.FLOAT32, new Shape(2, 5));
            var params = ModuleTree.namedParameters(plain);
            for (String name : merged.names()) {
                params.get(name).getArray().set(merged.floats(name));
            }
            NDArray x = m.randomNormal(new Shape(4, 5));
            NDArray expected = forward(f.root, x);
            NDArray actual = forward(plain, x);
            assertThat(actual.sub(expected).abs().max().getFloat()).isLessThan(1e-4f);
        }
        var info = new ObjectMapper().readTree(dir.resolve("merged").resolve(AdapterMerge.MERGE_INFO_FILE).toFile());
        assertThat(info.path("merged_layers")).hasSize(2);
        assertThat(info.path("merged_layers").get(0).path("tensor").asText()).isEqualTo("0.weight");
    }

    @Test
    void baseWithoutTheAdaptedWeightIsRefusedNamingTheLayer() throws Exception {
        AnalysisFixtures.create(m, dir);
        Path bogus = dir.resolve("other.safetensors");
        dev.lorakit.lora.io.Safetensors.write(bogus, java.util.Map.of("x.weight", m.zeros(new Shape(2, 2))), java.util.Map.of());
        assertThatThrownBy(() -> AdapterMerge.merge(dir.resolve("adapter"), bogus, dir.resolve("merged")))
                .isInstanceOf(IOException.class).hasMessageContaining("adapted layer '0'");
        assertThat(Files.exists(dir.resolve("merged").resolve(AdapterMerge.MODEL_FILE))).isFalse();
    }

    private static NDArray forward(Block b, NDArray x) {
        return b.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).singletonOrThrow();
    }
}
