package dev.lorakit.zoo.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightAssignmentTest {

    private static SequentialBlock net(NDManager manager) {
        SequentialBlock b = new SequentialBlock().add(Linear.builder().setUnits(2).build());
        b.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
        return b;
    }

    private static Map<String, HostTensor> good(String prefix) {
        Map<String, HostTensor> t = new LinkedHashMap<>();
        t.put(prefix + "0.weight", new HostTensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        t.put(prefix + "0.bias", new HostTensor(new long[] {2}, new float[] {7, 8}));
        return t;
    }

    @Test
    void copiesTensorsByNameStrippingPrefixes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock b = net(manager);
            int n = WeightAssignment.builder().setTensors(good("bert."))
                    .optStripPrefixes(List.of("roberta.", "bert.")).build().applyTo(b, "ckpt");
            assertThat(n).isEqualTo(2);
            assertThat(b.getChildren().get(0).getValue().getParameters().get("weight").getArray()
                    .toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
        }
    }

    @Test
    void reportsMissingUnexpectedAndMisshapedTensorsByName() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock b = net(manager);
            Map<String, HostTensor> t = good("");
            t.remove("0.bias");
            t.put("0.weight", new HostTensor(new long[] {3, 2}, new float[6]));
            t.put("cls.head.weight", new HostTensor(new long[] {1}, new float[1]));
            assertThatThrownBy(() -> WeightAssignment.builder().setTensors(t).build().applyTo(b, "model.safetensors"))
                    .hasMessageContaining("model.safetensors")
                    .hasMessageContaining("missing tensors [0.bias]")
                    .hasMessageContaining("unexpected tensors [cls.head.weight]")
                    .hasMessageContaining("'0.weight' has shape [3, 2]");
            // nothing was copied
            assertThat(b.getChildren().get(0).getValue().getParameters().get("weight").getArray()
                    .toFloatArray()).doesNotContain(0f, 0f, 0f, 0f, 0f, 0f);
        }
    }

    @Test
    void transposeSwapsRowsAndColumns() {
        HostTensor t = new HostTensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
        assertThat(t.transposed()).isEqualTo(new HostTensor(new long[] {3, 2}, new float[] {1, 4, 2, 5, 3, 6}));
        assertThatThrownBy(() -> new HostTensor(new long[] {2, 2}, new float[3])).hasMessageContaining("needs 4");
    }
}
