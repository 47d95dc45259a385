package dev.lorakit.lora.io;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The element types of the safetensors format that lorakit reads and writes. */
public enum SafetensorsDType {
    /** 64-bit float. */
    F64(8, DataType.FLOAT64),
    /** 32-bit float. */
    F32(4, DataType.FLOAT32),
    /** IEEE half precision. */
    F16(2, DataType.FLOAT16),
    /** bfloat16; loaded as {@link DataType#FLOAT32} because a BF16 NDArray aborts the JVM. */
    BF16(2, DataType.FLOAT32),
    /** 64-bit signed integer. */
    I64(8, DataType.INT64),
    /** 32-bit signed integer. */
    I32(4, DataType.INT32),
    /** 8-bit signed integer. */
    I8(1, DataType.INT8),
    /** 8-bit unsigned integer. */
    U8(1, DataType.UINT8),
    /** boolean, one byte per element. */
    BOOL(1, DataType.BOOLEAN);

    private final int byteSize;
    private final DataType loadedAs;

    SafetensorsDType(int byteSize, DataType loadedAs) {
        this.byteSize = byteSize;
        this.loadedAs = loadedAs;
    }

    /**
     * Bytes per element in the file.
     *
     * @return the element size
     */
    public int byteSize() {
        return byteSize;
    }

    /**
     * The DJL type a tensor of this dtype is loaded as.
     *
     * @return the NDArray data type
     */
    public DataType loadedAs() {
        return loadedAs;
    }

    /**
     * Parses a header's {@code dtype} string.
     *
     * @param name the string, e.g. {@code "F32"}
     * @return the dtype, or empty when lorakit does not support it
     */
    public static Optional<SafetensorsDType> parse(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }

    /**
     * The dtype that stores a DJL array type.
     *
     * @param type the NDArray type
     * @return the safetensors dtype
     * @throws IllegalArgumentException when the format has no such type
     */
    public static SafetensorsDType of(DataType type) {
        for (SafetensorsDType d : values()) {
            if (d != BF16 && d.loadedAs == type) {
                return d;
            }
        }
        throw new IllegalArgumentException(
                "Cannot store a "
                        + type.name().toLowerCase(Locale.ROOT)
                        + " array in safetensors; supported: "
                        + Arrays.toString(values()));
    }
}
