package dev.lorakit.zoo.weights;

import java.util.Arrays;

/**
 * A float32 tensor held in Java memory while a checkpoint is read, before it is copied into a
 * model's parameter.
 *
 * @param shape the dimensions, row-major
 * @param data the values; {@code data.length} equals the product of {@code shape}
 */
public record HostTensor(long[] shape, float[] data) {

    /** Checks that the data fills the shape exactly. */
    public HostTensor {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
        shape = shape.clone();
    }

    /**
     * The transpose of a matrix: ONNX and some exporters store a linear layer's weight as
     * (in, out) while PyTorch and DJL keep (out, in).
     *
     * @return a new (columns, rows) tensor
     * @throws IllegalStateException when this tensor is not 2-D
     */
    public HostTensor transposed() {
        if (shape.length != 2) {
            throw new IllegalStateException("only a matrix can be transposed, shape is " + Arrays.toString(shape));
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[] out = new float[data.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = data[r * cols + c];
            }
        }
        return new HostTensor(new long[] {cols, rows}, out);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostTensor t
                && Arrays.equals(shape, t.shape)
                && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "HostTensor" + Arrays.toString(shape);
    }
}
