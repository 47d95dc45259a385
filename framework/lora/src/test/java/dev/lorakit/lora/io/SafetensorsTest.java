package dev.lorakit.lora.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir Path dir;

    @Test
    void roundTripsEveryWritableTypeWithMetadata() throws IOException {
        Path file = dir.resolve("t.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> in = new LinkedHashMap<>();
            in.put("w", m.randomNormal(new Shape(3, 5)));
            in.put("half", m.create(new float[] {1.5f, -2f, 65504f}).toType(DataType.FLOAT16, false));
            in.put("ids", m.create(new long[] {1, -7, Long.MAX_VALUE}));
            in.put("i32", m.create(new int[] {3, 4}, new Shape(1, 2)));
            in.put("mask", m.create(new boolean[] {true, false, true}));
            in.put("scalar", m.create(2.5f));
            Safetensors.write(file, in, Map.of("format", "pt"));

            byte[] bytes = Files.readAllBytes(file);
            long headerLen = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertThat(headerLen % 8).isZero();
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                assertThat(f.metadata()).containsEntry("format", "pt");
                assertThat(f.names()).containsExactlyInAnyOrderElementsOf(in.keySet());
                assertThat(f.info("half").dtype()).isEqualTo(SafetensorsDType.F16);
                assertThat(f.info("mask").dtype()).isEqualTo(SafetensorsDType.BOOL);
                for (String name : in.keySet()) {
                    NDArray back = f.load(m, name);
                    assertThat(back.getShape()).as(name).isEqualTo(in.get(name).getShape());
                    assertThat(back.getDataType()).as(name).isEqualTo(in.get(name).getDataType());
                    assertThat(back.contentEquals(in.get(name))).as(name).isTrue();
                }
                assertThat(f.floats("half")).containsExactly(1.5f, -2f, 65504f);
            }
        }
    }

    @Test
    void bf16IsExpandedToFloat32() throws IOException {
        Path file = dir.resolve("bf16.safetensors");
        float[] values = {1f, -0.5f, 3.140625f, 0f};
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putShort((short) (Float.floatToIntBits(v) >>> 16));
        }
        b.flip();
        Safetensors.writeRaw(file, Map.of("x", new TensorData(SafetensorsDType.BF16, new Shape(2, 2), b)), Map.of());
        try (SafetensorsFile f = SafetensorsFile.open(file);
                NDManager m = NDManager.newBaseManager()) {
            NDArray x = f.load(m, "x");
            assertThat(x.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(x.toFloatArray()).containsExactly(values);
        }
    }

    @Test
    void loadedArraysAreCopiesThatCanBeModifiedInPlace() throws IOException {
        Path file = dir.resolve("w.safetensors");
        Safetensors.writeRaw(file, Map.of("w", TensorData.ofFloats(new Shape(2), 1f, 2f)), Map.of());
        try (SafetensorsFile f = SafetensorsFile.open(file);
                NDManager m = NDManager.newBaseManager()) {
            NDArray w = f.load(m, "w");
            w.addi(1f);
            assertThat(w.toFloatArray()).containsExactly(2f, 3f);
            assertThat(f.floats("w")).containsExactly(1f, 2f);
        }
    }

    @Test
    void truncatedFileNamesFileAndTensor() throws IOException {
        Path file = dir.resolve("cut.safetensors");
        Safetensors.writeRaw(file, Map.of("a", TensorData.ofFloats(new Shape(2), 1f, 2f), "b", TensorData.ofFloats(new Shape(4), 1f, 2f, 3f, 4f)), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        assertThatThrownBy(() -> SafetensorsFile.open(file))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("tensor 'b'")
                .hasMessageContaining("truncated");
    }

    @Test
    void malformedHeadersGiveClearErrors() throws IOException {
        assertThat(openError(header("{not json"))).contains("not valid JSON");
        assertThat(openError(header("{\"x\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4))).contains("tensor 'x'").contains("unsupported dtype 'Q7'");
        assertThat(openError(header("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4))).contains("tensor 'x'").contains("do not hold F32 (2)");
        assertThat(openError(header("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8))).contains("tensor 'x'").contains("hole");
        assertThat(openError(header("{\"x\":{\"dtype\":\"F32\"}}"))).contains("needs dtype, shape and data_offsets");
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2});
        assertThat(openError(tiny)).contains("too short");
        Path huge = dir.resolve("huge.safetensors");
        Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
        assertThat(openError(huge)).contains("header length");
    }

    @Test
    void unknownTensorListsWhatTheFileHolds() throws IOException {
        Path file = dir.resolve("k.safetensors");
        Safetensors.writeRaw(file, Map.of("a", TensorData.ofFloats(new Shape(1), 1f)), Map.of());
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertThatThrownBy(() -> f.info("b")).hasMessageContaining("no tensor 'b'").hasMessageContaining("[a]");
        }
    }

    @Test
    void failedWriteLeavesPreviousFileAndNoTemporaries() throws IOException {
        Path file = dir.resolve("keep.safetensors");
        Safetensors.writeRaw(file, Map.of("a", TensorData.ofFloats(new Shape(1), 1f)), Map.of());
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> AtomicFiles.write(file, ch -> {
                    AtomicFiles.writeFully(ch, ByteBuffer.wrap(new byte[] {9, 9, 9}));
                    throw new IOException("disk full");
                }))
                .hasMessage("disk full");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    private String openError(Path file) {
        return org.assertj.core.api.Assertions.catchThrowableOfType(() -> SafetensorsFile.open(file), SafetensorsFormatException.class).getMessage();
    }

    private Path header(String json) throws IOException {
        return header(json, 0);
    }

    private Path header(String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path file = Files.createTempFile(dir, "bad", ".safetensors");
        Files.write(file, b.array());
        return file;
    }
}
