package dev.lorakit.lora.io;

import ai.djl.ndarray.types.Shape;

/**
 * One tensor's header entry in a safetensors file.
 *
 * @param name the tensor's key
 * @param dtype its element type in the file
 * @param shape its shape
 * @param begin first byte of its data, relative to the start of the data section
 * @param end one past its last byte, relative to the start of the data section
 */
public record TensorInfo(String name, SafetensorsDType dtype, Shape shape, long begin, long end) {

    /**
     * Bytes the tensor occupies in the file.
     *
     * @return {@code end - begin}
     */
    public long byteLength() {
        return end - begin;
    }
}
