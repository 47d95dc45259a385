package dev.lorakit.zoo.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.lorakit.lora.ModuleTree;
import java.util.ArrayList;
import dev.lorakit.lora.io.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.io.TempDir;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Vgg19Test {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** torchvision's vgg19().features keys, written out independently of the implementation. */
    static List<String> torchvisionFeatureKeys() {
        int[] convs = {0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28, 30, 32, 34};
        List<String> keys = new ArrayList<>();
        for (int i : convs) {
            keys.add("features." + i + ".weight");
            keys.add("features." + i + ".bias");
        }
        return keys;
    }

    private Vgg19 small() {
        Vgg19 vgg = Vgg19.builder().optWidthDivisor(16).build();
        vgg.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        return vgg;
    }

    @Test
    void parameterNamesAreTorchvisionKeys() {
        Vgg19 vgg = small();
        Map<String, Parameter> params = ModuleTree.namedParameters(vgg);
        assertThat(params.keySet()).containsExactlyElementsOf(torchvisionFeatureKeys());
        assertThat(params.get("features.0.weight").getArray().getShape()).isEqualTo(new Shape(4, 3, 3, 3));
        assertThat(params.get("features.34.weight").getArray().getShape()).isEqualTo(new Shape(32, 32, 3, 3));
        assertThat(ModuleTree.children(vgg.features())).hasSize(37);
    }

    @Test
    void fullWidthShapesMatchTorchvision() {
        Vgg19 vgg = Vgg19.builder().build();
        // Output shapes need no arrays: 224 → 7 after five pools, 512 channels.
        assertThat(vgg.getOutputShapes(new Shape[] {new Shape(1, 3, 224, 224)})[0]).isEqualTo(new Shape(1, 512, 7, 7));
    }

    @Test
    void layerNamesMapToTorchvisionIndices() {
        assertThat(Vgg19.layerNames()).hasSize(37);
        assertThat(Vgg19.layerIndex("conv1_1")).isZero();
        assertThat(Vgg19.layerIndex("conv2_1")).isEqualTo(5);
        assertThat(Vgg19.layerIndex("conv3_1")).isEqualTo(10);
        assertThat(Vgg19.layerIndex("conv4_1")).isEqualTo(19);
        assertThat(Vgg19.layerIndex("conv4_2")).isEqualTo(21);
        assertThat(Vgg19.layerIndex("conv5_1")).isEqualTo(28);
        assertThat(Vgg19.layerIndex("pool5")).isEqualTo(36);
        assertThatThrownBy(() -> Vgg19.layerIndex("conv6_1")).hasMessageContaining("Unknown VGG19 layer 'conv6_1'");
    }

    @Test
    void extractReturnsRequestedActivationsInOrder() {
        Vgg19 vgg = small();
        NDArray x = manager.randomUniform(0, 1, new Shape(2, 3, 32, 32));
        NDList acts = vgg.extract(new ParameterStore(manager, false), x, false, List.of("conv4_2", "conv1_1", "relu5_1"));
        assertThat(acts.get(0).getShape()).isEqualTo(new Shape(2, 32, 4, 4));
        assertThat(acts.get(1).getShape()).isEqualTo(new Shape(2, 4, 32, 32));
        assertThat(acts.get(2).getShape()).isEqualTo(new Shape(2, 32, 2, 2));
        assertThat(acts.get(2).min().getFloat()).isGreaterThanOrEqualTo(0f); // after a ReLU
        // The relu5_1 activation equals running the whole sequence to that point.
        NDList full = new NDList(x);
        for (int i = 0; i <= Vgg19.layerIndex("relu5_1"); i++) {
            full = vgg.features().getChildren().valueAt(i).forward(new ParameterStore(manager, false), full, false);
        }
        assertThat(full.singletonOrThrow().sub(acts.get(2)).abs().max().getFloat()).isZero();
    }

    @Test
    void loadsATorchvisionLayoutSafetensorsFile(@TempDir Path tmp) throws IOException {
        Vgg19 source = small();
        Vgg19 target = small();
        // The file a user gets from converting torchvision's vgg19 state dict: features.* and classifier.*.
        Map<String, NDArray> dict = new LinkedHashMap<>();
        ModuleTree.namedParameters(source).forEach((k, p) -> dict.put(k, p.getArray()));
        dict.put("classifier.0.weight", manager.zeros(new Shape(8, 8)));
        Path file = tmp.resolve("vgg19.safetensors");
        Safetensors.write(file, dict, Map.of("format", "pt"));

        assertThatThrownBy(() -> VisionWeights.load(target, file, key -> false))
                .hasMessageContaining("unexpected tensors [classifier.0.weight]");
        assertThat(VisionWeights.load(target, file, key -> key.startsWith("classifier."))).isEqualTo(32);
        NDArray x = manager.randomUniform(0, 1, new Shape(1, 3, 32, 32));
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray a = source.forward(ps, new NDList(x), false).head();
        NDArray b = target.forward(ps, new NDList(x), false).head();
        assertThat(a.sub(b).abs().max().getFloat()).isZero();

        dict.put("features.21.weight", manager.zeros(new Shape(1, 1, 3, 3)));
        dict.remove("features.34.bias");
        Safetensors.write(file, dict, Map.of());
        assertThatThrownBy(() -> VisionWeights.load(target, file, key -> key.startsWith("classifier.")))
                .hasMessageContaining("missing tensors [features.34.bias]")
                .hasMessageContaining("'features.21.weight' has shape [1, 1, 3, 3] but the model needs (32, 32, 3, 3)");
    }
}
