package dev.lorakit.zoo.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.zoo.weights.HostTensor;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxBertWeightsTest {

    private static final HostTensor W = new HostTensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});

    @Test
    void namesAnAnonymousMatMulWeightThroughTheAddThatReadsItsOutput() {
        Map<String, HostTensor> init = new LinkedHashMap<>();
        init.put("l.dense.bias", new HostTensor(new long[] {3}, new float[3]));
        init.put("onnx::MatMul_7", W);
        OnnxGraph g = new OnnxGraph(init, List.of(), List.of(
                new OnnxGraph.Node("MatMul", "mm", List.of("x", "onnx::MatMul_7"), List.of("y")),
                new OnnxGraph.Node("Add", "add", List.of("l.dense.bias", "y"), List.of("z"))));
        Map<String, HostTensor> named = OnnxBertWeights.namedTensors(g, "test.onnx");
        assertThat(named.keySet()).containsExactly("l.dense.bias", "l.dense.weight");
        assertThat(named.get("l.dense.weight")).isEqualTo(W.transposed());
    }

    @Test
    void anUnidentifiableInitializerIsAnErrorNamingIt() {
        OnnxGraph g = new OnnxGraph(Map.of("onnx::MatMul_9", W), List.of(), List.of(
                new OnnxGraph.Node("MatMul", "mm", List.of("x", "onnx::MatMul_9"), List.of("y")),
                new OnnxGraph.Node("Relu", "r", List.of("y"), List.of("z"))));
        assertThatThrownBy(() -> OnnxBertWeights.namedTensors(g, "test.onnx"))
                .hasMessageContaining("test.onnx")
                .hasMessageContaining("onnx::MatMul_9");
    }

    @Test
    void garbageIsNotAnOnnxModel() {
        assertThatThrownBy(() -> OnnxGraph.read(new ByteArrayInputStream(new byte[] {(byte) 0xff, 1, 2}), "x.onnx"))
                .hasMessageContaining("x.onnx");
    }
}
