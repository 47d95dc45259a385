package dev.lorakit.lora.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A safetensors file opened for reading: the header is parsed and validated up front, tensor
 * data is memory-mapped one tensor at a time, so files larger than memory can be read.
 *
 * <pre>{@code
 * try (SafetensorsFile f = SafetensorsFile.open(Path.of("model.safetensors"))) {
 *     NDArray w = f.load(manager, "encoder.layer.0.attention.self.query.weight");
 * }
 * }</pre>
 *
 * <p>Layout (per the format's specification): 8 bytes little-endian header length N, N bytes of
 * JSON header ({@code {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
 * "__metadata__": {...}}}), then the data section, which the tensors must cover without holes.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** Headers larger than this are refused as corrupt, as the reference implementation does. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /**
     * Opens and validates a file.
     *
     * @param path the file
     * @return the open file; close it when done
     * @throws SafetensorsFormatException when the file is truncated or malformed
     * @throws IOException when it cannot be read
     */
    public static SafetensorsFile open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = ch.size();
            if (size < 8) {
                throw new SafetensorsFormatException(path, null, "file has " + size + " bytes, too short for the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES || headerLen > size - 8) {
                throw new SafetensorsFormatException(path, null, "header length " + headerLen + " is invalid for a file of " + size + " bytes (truncated or not a safetensors file)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            readFully(ch, header, 8);
            String json = new String(header.array(), StandardCharsets.UTF_8);
            long dataStart = 8 + headerLen;
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, TensorInfo> tensors = parseHeader(path, json, size - dataStart, metadata);
            return new SafetensorsFile(path, ch, dataStart, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static Map<String, TensorInfo> parseHeader(Path path, String json, long dataSize, Map<String, String> metadata) throws SafetensorsFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SafetensorsFormatException(path, "header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!(root instanceof ObjectNode)) {
            throw new SafetensorsFormatException(path, null, "header is not a JSON object");
        }
        Map<String, TensorInfo> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String name = e.getKey();
            JsonNode v = e.getValue();
            if (name.equals("__metadata__")) {
                if (!v.isObject()) {
                    throw new SafetensorsFormatException(path, null, "__metadata__ must be an object of strings");
                }
                v.fields().forEachRemaining(m -> {
                    metadata.put(m.getKey(), m.getValue().isTextual() ? m.getValue().textValue() : m.getValue().toString());
                });
                continue;
            }
            out.put(name, parseEntry(path, name, v, dataSize));
        }
        checkCoverage(path, out, dataSize);
        return out;
    }

    private static TensorInfo parseEntry(Path path, String name, JsonNode v, long dataSize) throws SafetensorsFormatException {
        JsonNode dtypeNode = v.get("dtype");
        JsonNode shapeNode = v.get("shape");
        JsonNode offsets = v.get("data_offsets");
        if (dtypeNode == null || shapeNode == null || offsets == null || !shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new SafetensorsFormatException(path, name, "header entry needs dtype, shape and data_offsets [begin, end], got " + v);
        }
        SafetensorsDType dtype = SafetensorsDType.parse(dtypeNode.asText())
                .orElseThrow(() -> new SafetensorsFormatException(path, name, "unsupported dtype '" + dtypeNode.asText() + "'; supported: " + List.of(SafetensorsDType.values())));
        long[] dims = new long[shapeNode.size()];
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToLong() || d.asLong() < 0) {
                throw new SafetensorsFormatException(path, name, "shape " + shapeNode + " has an invalid dimension");
            }
            dims[i] = d.asLong();
        }
        if (!offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
            throw new SafetensorsFormatException(path, name, "data_offsets " + offsets + " are not integers");
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        Shape shape = new Shape(dims);
        long expected = Math.multiplyExact(shape.size(), dtype.byteSize());
        if (begin < 0 || end < begin || end - begin != expected) {
            throw new SafetensorsFormatException(path, name, "data_offsets [" + begin + ", " + end + "] do not hold " + dtype + " " + shape + " (" + expected + " bytes)");
        }
        if (end > dataSize) {
            throw new SafetensorsFormatException(path, name, "data ends at byte " + end + " of the data section but the file holds only " + dataSize + " (truncated file)");
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static void checkCoverage(Path path, Map<String, TensorInfo> tensors, long dataSize) throws SafetensorsFormatException {
        List<TensorInfo> sorted = new ArrayList<>(tensors.values());
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long next = 0;
        for (TensorInfo t : sorted) {
            if (t.begin() < next) {
                throw new SafetensorsFormatException(path, t.name(), "data overlaps the previous tensor (begins at " + t.begin() + ", expected " + next + ")");
            }
            if (t.begin() > next) {
                throw new SafetensorsFormatException(path, t.name(), "hole in the data section before this tensor (bytes " + next + ".." + t.begin() + ")");
            }
            next = t.end();
        }
        if (next != dataSize) {
            throw new SafetensorsFormatException(path, null, "data section has " + dataSize + " bytes but the tensors cover " + next);
        }
    }

    /**
     * The file this was opened from.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }

    /**
     * Tensor names in header order.
     *
     * @return an unmodifiable set
     */
    public Set<String> names() {
        return tensors.keySet();
    }

    /**
     * All header entries by name.
     *
     * @return an unmodifiable map in header order
     */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /**
     * One tensor's header entry.
     *
     * @param name the tensor
     * @return its dtype, shape and offsets
     * @throws IllegalArgumentException naming the file when there is no such tensor
     */
    public TensorInfo info(String name) {
        TensorInfo t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException(path + " has no tensor '" + name + "'; it holds " + tensors.keySet());
        }
        return t;
    }

    /**
     * The {@code __metadata__} map of the header (empty when absent).
     *
     * @return unmodifiable string map
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * A tensor's raw bytes, memory-mapped and read-only, little-endian.
     *
     * @param name the tensor
     * @return a read-only buffer positioned at the first byte
     * @throws IOException when mapping fails
     */
    public ByteBuffer raw(String name) throws IOException {
        TensorInfo t = info(name);
        if (t.byteLength() > Integer.MAX_VALUE) {
            throw new SafetensorsFormatException(path, name, "tensor of " + t.byteLength() + " bytes exceeds the 2 GiB a Java buffer can address");
        }
        if (t.byteLength() == 0) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + t.begin(), t.byteLength()).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * A floating-point tensor's values as float32 (F16 and BF16 expanded, F64 narrowed).
     *
     * @param name the tensor
     * @return row-major values
     * @throws IOException when the tensor is not floating point or cannot be read
     */
    public float[] floats(String name) throws IOException {
        TensorInfo t = info(name);
        ByteBuffer b = raw(name);
        float[] out = new float[Math.toIntExact(t.shape().size())];
        switch (t.dtype()) {
            case F32 -> b.asFloatBuffer().get(out);
            case F64 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) b.getDouble(i * 8);
                }
            }
            case F16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = halfToFloat(b.getShort(i * 2));
                }
            }
            case BF16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = bf16ToFloat(b.getShort(i * 2));
                }
            }
            default -> throw new SafetensorsFormatException(path, name, "is " + t.dtype() + ", not a floating-point tensor");
        }
        return out;
    }

    /**
     * Loads one tensor into an NDArray owned by {@code manager} (a copy: the array may be
     * modified in place). BF16 becomes FLOAT32.
     *
     * @param manager owner of the new array
     * @param name the tensor
     * @return the array, named {@code name}
     * @throws IOException when the tensor cannot be read
     */
    public NDArray load(NDManager manager, String name) throws IOException {
        TensorInfo t = info(name);
        ByteBuffer direct;
        if (t.dtype() == SafetensorsDType.BF16) {
            float[] values = floats(name);
            direct = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.nativeOrder());
            direct.asFloatBuffer().put(values);
        } else {
            ByteBuffer src = raw(name);
            direct = ByteBuffer.allocateDirect(src.remaining()).order(ByteOrder.nativeOrder());
            if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN && t.dtype().byteSize() > 1) {
                throw new SafetensorsFormatException(path, name, "big-endian platforms are not supported");
            }
            direct.put(src).flip();
        }
        NDArray array = manager.create(direct, t.shape(), t.dtype().loadedAs());
        array.setName(name);
        return array;
    }

    /**
     * Loads every tensor.
     *
     * @param manager owner of the new arrays
     * @return arrays by name, in header order
     * @throws IOException when a tensor cannot be read
     */
    public Map<String, NDArray> loadAll(NDManager manager) throws IOException {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (String name : names()) {
            out.put(name, load(manager, name));
        }
        return out;
    }

    /** IEEE 754 binary16 to float ({@code Float.float16ToFloat} needs Java 20). */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
