package dev.lorakit.zoo.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.lorakit.zoo.weights.HostTensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an ONNX model that weight loading needs: its float32 initializers and the
 * operator nodes that connect them.
 *
 * <pre>{@code
 * OnnxGraph graph = OnnxGraph.read(Files.newInputStream(Path.of("model.onnx")), "model.onnx");
 * HostTensor bias = graph.initializers().get("encoder.layer.0.attention.self.query.bias");
 * }</pre>
 *
 * @param initializers float32 initializers by name, in file order
 * @param otherInitializers names of initializers of other types (int64 shape constants ...)
 * @param nodes the graph's nodes, in file order
 */
public record OnnxGraph(
        Map<String, HostTensor> initializers, List<String> otherInitializers, List<Node> nodes) {

    /**
     * One operator of the graph.
     *
     * @param opType the ONNX operator ({@code MatMul}, {@code Add}, ...)
     * @param name the node name (may be empty)
     * @param inputs names of the values it reads
     * @param outputs names of the values it writes
     */
    public record Node(String opType, String name, List<String> inputs, List<String> outputs) {}

    /** Makes the collections unmodifiable. */
    public OnnxGraph {
        initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
        otherInitializers = List.copyOf(otherInitializers);
        nodes = List.copyOf(nodes);
    }

    /**
     * Parses an ONNX model.
     *
     * @param in the {@code .onnx} bytes; read fully, not closed
     * @param source a name for error messages (the file or jar entry)
     * @return the graph
     * @throws IOException if reading fails or the bytes are not an ONNX model; tensors stored in
     *     external data files are reported as unsupported, naming the tensor
     */
    public static OnnxGraph read(InputStream in, String source) throws IOException {
        CodedInputStream coded = CodedInputStream.newInstance(in);
        coded.setSizeLimit(Integer.MAX_VALUE);
        DynamicMessage model;
        try {
            model = DynamicMessage.parseFrom(OnnxSchema.MODEL, coded);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(source + " is not a valid ONNX model: " + e.getMessage(), e);
        }
        DynamicMessage graph = (DynamicMessage) model.getField(field(OnnxSchema.MODEL, "graph"));
        if (graph.getAllFields().isEmpty()) {
            throw new IOException(source + " has no graph; is it an ONNX model?");
        }
        Map<String, HostTensor> floats = new LinkedHashMap<>();
        List<String> others = new ArrayList<>();
        for (Object t : list(graph, OnnxSchema.GRAPH, "initializer")) {
            DynamicMessage tensor = (DynamicMessage) t;
            String name = (String) tensor.getField(field(OnnxSchema.TENSOR, "name"));
            int type = (Integer) tensor.getField(field(OnnxSchema.TENSOR, "data_type"));
            if (type != OnnxSchema.FLOAT) {
                others.add(name);
                continue;
            }
            floats.put(name, floatTensor(tensor, name, source));
        }
        List<Node> nodes = new ArrayList<>();
        for (Object n : list(graph, OnnxSchema.GRAPH, "node")) {
            DynamicMessage node = (DynamicMessage) n;
            nodes.add(
                    new Node(
                            (String) node.getField(field(OnnxSchema.NODE, "op_type")),
                            (String) node.getField(field(OnnxSchema.NODE, "name")),
                            strings(node, "input"),
                            strings(node, "output")));
        }
        return new OnnxGraph(floats, others, nodes);
    }

    /**
     * The nodes that read a value.
     *
     * @param value a value name (an initializer or a node output)
     * @return the consuming nodes, in graph order
     */
    public List<Node> consumersOf(String value) {
        List<Node> out = new ArrayList<>();
        for (Node n : nodes) {
            if (n.inputs().contains(value)) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * The only node that reads a value, if exactly one does.
     *
     * @param value a value name
     * @return the node, or empty when none or several read it
     */
    public Optional<Node> soleConsumerOf(String value) {
        List<Node> c = consumersOf(value);
        return c.size() == 1 ? Optional.of(c.get(0)) : Optional.empty();
    }

    private static HostTensor floatTensor(DynamicMessage tensor, String name, String source)
            throws IOException {
        Object location = tensor.getField(field(OnnxSchema.TENSOR, "data_location"));
        if (location instanceof Integer l && l == OnnxSchema.EXTERNAL) {
            throw new IOException(
                    source
                            + ": tensor '"
                            + name
                            + "' is stored in an external data file, which is not supported;"
                            + " re-export the model with its weights inside the .onnx file");
        }
        List<?> dimList = list(tensor, OnnxSchema.TENSOR, "dims");
        long[] dims = new long[dimList.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = (Long) dimList.get(i);
        }
        ByteString raw = (ByteString) tensor.getField(field(OnnxSchema.TENSOR, "raw_data"));
        float[] data;
        if (!raw.isEmpty()) {
            data = new float[raw.size() / Float.BYTES];
            raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        } else {
            List<?> values = list(tensor, OnnxSchema.TENSOR, "float_data");
            data = new float[values.size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = (Float) values.get(i);
            }
        }
        try {
            return new HostTensor(dims, data);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": tensor '" + name + "': " + e.getMessage(), e);
        }
    }

    private static List<String> strings(DynamicMessage node, String name) {
        List<String> out = new ArrayList<>();
        for (Object o : list(node, OnnxSchema.NODE, name)) {
            out.add((String) o);
        }
        return out;
    }

    private static List<?> list(DynamicMessage m, Descriptor d, String name) {
        return (List<?>) m.getField(field(d, name));
    }

    private static FieldDescriptor field(Descriptor d, String name) {
        return d.findFieldByName(name);
    }
}
