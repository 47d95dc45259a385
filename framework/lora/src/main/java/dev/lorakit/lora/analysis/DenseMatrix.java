package dev.lorakit.lora.analysis;

import java.util.Arrays;

/**
 * A row-major matrix of doubles; the analysis works in double so that small singular values of
 * a float32 ΔW are not lost to rounding.
 *
 * @param rows number of rows
 * @param cols number of columns
 * @param data row-major values, {@code rows·cols} of them
 */
public record DenseMatrix(int rows, int cols, double[] data) {

    /**
     * Checks the size.
     *
     * @param rows number of rows, at least 1
     * @param cols number of columns, at least 1
     * @param data row-major values
     */
    public DenseMatrix {
        if (rows < 1 || cols < 1 || data.length != (long) rows * cols) {
            throw new IllegalArgumentException("A " + rows + "x" + cols + " matrix needs " + ((long) rows * cols) + " values, got " + data.length);
        }
    }

    /**
     * Widens float32 values.
     *
     * @param rows number of rows
     * @param cols number of columns
     * @param values row-major values
     * @return the matrix
     */
    public static DenseMatrix ofFloats(int rows, int cols, float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return new DenseMatrix(rows, cols, d);
    }

    /**
     * One entry.
     *
     * @param i row
     * @param j column
     * @return the value
     */
    public double get(int i, int j) {
        return data[i * cols + j];
    }

    /**
     * The product {@code this · other}.
     *
     * @param other a matrix with {@code cols} rows
     * @return the product
     */
    public DenseMatrix times(DenseMatrix other) {
        if (cols != other.rows) {
            throw new IllegalArgumentException("Cannot multiply " + rows + "x" + cols + " by " + other.rows + "x" + other.cols);
        }
        double[] out = new double[rows * other.cols];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < cols; k++) {
                double a = data[i * cols + k];
                if (a == 0) {
                    continue;
                }
                for (int j = 0; j < other.cols; j++) {
                    out[i * other.cols + j] += a * other.data[k * other.cols + j];
                }
            }
        }
        return new DenseMatrix(rows, other.cols, out);
    }

    /**
     * The transpose.
     *
     * @return a new matrix
     */
    public DenseMatrix transpose() {
        double[] out = new double[data.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[j * rows + i] = data[i * cols + j];
            }
        }
        return new DenseMatrix(cols, rows, out);
    }

    /**
     * {@code this + t·other}.
     *
     * @param t the factor
     * @param other a matrix of the same shape
     * @return a new matrix
     */
    public DenseMatrix plusScaled(double t, DenseMatrix other) {
        requireSameShape(other);
        double[] out = data.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += t * other.data[i];
        }
        return new DenseMatrix(rows, cols, out);
    }

    /**
     * {@code t·this}.
     *
     * @param t the factor
     * @return a new matrix
     */
    public DenseMatrix scaled(double t) {
        return new DenseMatrix(rows, cols, Arrays.stream(data).map(v -> v * t).toArray());
    }

    /**
     * The Frobenius norm.
     *
     * @return √Σ a_ij²
     */
    public double frobenius() {
        double acc = 0;
        for (double v : data) {
            acc += v * v;
        }
        return Math.sqrt(acc);
    }

    /**
     * The largest absolute entry.
     *
     * @return max |a_ij|
     */
    public double maxAbs() {
        double m = 0;
        for (double v : data) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /**
     * Checks another matrix has this one's shape.
     *
     * @param other the matrix
     * @throws IllegalArgumentException naming both shapes when they differ
     */
    public void requireSameShape(DenseMatrix other) {
        if (rows != other.rows || cols != other.cols) {
            throw new IllegalArgumentException("Shape " + other.rows + "x" + other.cols + " does not match " + rows + "x" + cols);
        }
    }
}
