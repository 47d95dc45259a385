package dev.lorakit.lora.io;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes safetensors files to the specification, atomically.
 *
 * <pre>{@code
 * Safetensors.write(dir.resolve("adapter_model.safetensors"), Map.of("w", array), Map.of("format", "pt"));
 * }</pre>
 *
 * <p>Tensors are laid out by decreasing element size, then name, as the reference writer does,
 * so that every tensor is aligned to its element size; the header is padded with spaces to a
 * multiple of 8 bytes.
 */
public final class Safetensors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Safetensors() {}

    /**
     * Writes NDArrays (copied to the host; BF16 arrays cannot exist in DJL, so none are written).
     *
     * @param file the target file, replaced atomically
     * @param tensors arrays by key
     * @param metadata the header's {@code __metadata__}; may be empty
     * @throws IOException when writing fails; the target is then unchanged
     */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata) throws IOException {
        Map<String, TensorData> raw = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            NDArray a = e.getValue();
            ByteBuffer b = a.toByteBuffer().order(ByteOrder.nativeOrder());
            raw.put(e.getKey(), new TensorData(SafetensorsDType.of(a.getDataType()), a.getShape(), littleEndian(b)));
        }
        writeRaw(file, raw, metadata);
    }

    /**
     * Writes raw tensors.
     *
     * @param file the target file, replaced atomically
     * @param tensors raw little-endian data by key
     * @param metadata the header's {@code __metadata__}; may be empty
     * @throws IOException when writing fails; the target is then unchanged
     */
    public static void writeRaw(Path file, Map<String, TensorData> tensors, Map<String, String> metadata) throws IOException {
        List<String> order = new ArrayList<>(tensors.keySet());
        order.sort(Comparator.<String>comparingInt(n -> -tensors.get(n).dtype().byteSize()).thenComparing(Comparator.naturalOrder()));
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (String name : order) {
            if (name.equals("__metadata__")) {
                throw new IllegalArgumentException(file + ": '__metadata__' is reserved and cannot name a tensor");
            }
            TensorData t = tensors.get(name);
            ObjectNode entry = header.putObject(name);
            entry.put("dtype", t.dtype().name());
            ArrayNode shape = entry.putArray("shape");
            for (long d : t.shape().getShape()) {
                shape.add(d);
            }
            long end = offset + t.bytes().remaining();
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": cannot encode header", e);
        }
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        AtomicFiles.write(file, ch -> {
            AtomicFiles.writeFully(ch, head);
            for (String name : order) {
                AtomicFiles.writeFully(ch, tensors.get(name).bytes().duplicate());
            }
        });
    }

    private static ByteBuffer littleEndian(ByteBuffer b) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("big-endian platforms are not supported");
        }
        return b.order(ByteOrder.LITTLE_ENDIAN);
    }
}
