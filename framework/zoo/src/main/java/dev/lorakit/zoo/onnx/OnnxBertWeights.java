package dev.lorakit.zoo.onnx;

import dev.lorakit.zoo.weights.HostTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hugging Face-named tensors from a BERT exported to ONNX by {@code torch.onnx.export}.
 *
 * <p>The exporter keeps the names of biases, LayerNorms and embeddings, but a linear layer's
 * weight becomes an anonymous {@code onnx::MatMul_NNN} initializer stored (in, out). Each such
 * matrix feeds exactly one {@code MatMul} whose output goes to exactly one {@code Add} with the
 * named bias ({@code encoder.layer.0.attention.self.query.bias}); the weight is therefore
 * {@code encoder.layer.0.attention.self.query.weight}, transposed to PyTorch's (out, in).
 */
public final class OnnxBertWeights {

    private static final String BIAS = ".bias";

    private OnnxBertWeights() {}

    /**
     * Every float initializer of the graph under its Hugging Face name.
     *
     * @param graph the parsed ONNX model
     * @param source a name for error messages
     * @return Hugging Face key → tensor, in graph order
     * @throws IllegalArgumentException naming each anonymous initializer whose layer cannot be
     *     identified
     */
    public static Map<String, HostTensor> namedTensors(OnnxGraph graph, String source) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        List<String> unidentified = new ArrayList<>();
        for (Map.Entry<String, HostTensor> e : graph.initializers().entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("onnx::")) {
                out.put(name, e.getValue());
                continue;
            }
            Optional<String> weight = linearWeightName(graph, name);
            if (weight.isEmpty()) {
                unidentified.add(name);
            } else if (out.put(weight.get(), e.getValue().transposed()) != null) {
                throw new IllegalArgumentException(
                        source + ": two initializers map to '" + weight.get() + "'");
            }
        }
        if (!unidentified.isEmpty()) {
            throw new IllegalArgumentException(
                    source
                            + ": cannot tell which layer these anonymous initializers belong to"
                            + " (each should feed one MatMul whose output one Add with a named"
                            + " '*.bias' reads): "
                            + unidentified);
        }
        return out;
    }

    /** {@code X.weight} when {@code initializer → MatMul → Add(X.bias)}, else empty. */
    private static Optional<String> linearWeightName(OnnxGraph graph, String initializer) {
        Optional<OnnxGraph.Node> matMul =
                graph.soleConsumerOf(initializer).filter(n -> n.opType().equals("MatMul"));
        if (matMul.isEmpty() || matMul.get().outputs().size() != 1) {
            return Optional.empty();
        }
        Optional<OnnxGraph.Node> add =
                graph.soleConsumerOf(matMul.get().outputs().get(0))
                        .filter(n -> n.opType().equals("Add"));
        if (add.isEmpty()) {
            return Optional.empty();
        }
        for (String input : add.get().inputs()) {
            if (input.endsWith(BIAS) && graph.initializers().containsKey(input)) {
                return Optional.of(input.substring(0, input.length() - BIAS.length()) + ".weight");
            }
        }
        return Optional.empty();
    }
}
