package dev.lorakit.lora.io;

import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * A tensor's raw little-endian bytes with its dtype and shape, for writing without an engine.
 *
 * @param dtype element type
 * @param shape shape
 * @param bytes exactly {@code shape.size() * dtype.byteSize()} bytes from position to limit
 */
public record TensorData(SafetensorsDType dtype, Shape shape, ByteBuffer bytes) {

    /**
     * Checks that the byte count matches dtype and shape.
     *
     * @param dtype element type
     * @param shape shape
     * @param bytes the data
     */
    public TensorData {
        long expected = shape.size() * dtype.byteSize();
        if (bytes.remaining() != expected) {
            throw new IllegalArgumentException(
                    "Tensor of "
                            + dtype
                            + " "
                            + shape
                            + " needs "
                            + expected
                            + " bytes, got "
                            + bytes.remaining());
        }
    }

    /**
     * Wraps float32 values.
     *
     * @param shape the shape
     * @param values row-major values
     * @return the tensor
     */
    public static TensorData ofFloats(Shape shape, float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new TensorData(SafetensorsDType.F32, shape, b);
    }
}
