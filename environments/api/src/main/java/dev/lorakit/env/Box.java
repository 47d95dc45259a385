package dev.lorakit.env;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A box in R^n with per-element bounds (possibly infinite) and a dtype, as Gymnasium's {@code
 * Box}. Values are flat {@code float[]} in row-major order of {@link #shape()}.
 *
 * <pre>{@code
 * Box box = Box.of(new float[] {-1, -1}, new float[] {1, 1});
 * float[] x = box.sample(new java.util.SplittableRandom(0));
 * assert box.contains(x);
 * }</pre>
 */
public final class Box implements Space {
    private final double[] low;
    private final double[] high;
    private final int[] shape;
    private final DType dtype;

    /**
     * Creates a box; bounds are rounded to {@code dtype} as numpy does when it stores them.
     *
     * @param low lower bounds, flat; {@code -Infinity} for unbounded
     * @param high upper bounds, flat; {@code Infinity} for unbounded
     * @param shape the shape; its product must equal the bound lengths
     * @param dtype the element type
     */
    public Box(double[] low, double[] high, int[] shape, DType dtype) {
        int size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Box shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            size *= d;
        }
        if (low.length != size || high.length != size) {
            throw new IllegalArgumentException("Box bounds have lengths low=" + low.length + ", high=" + high.length
                    + " but shape " + Arrays.toString(shape) + " holds " + size + " elements");
        }
        this.low = new double[size];
        this.high = new double[size];
        for (int i = 0; i < size; i++) {
            this.low[i] = round(low[i], dtype);
            this.high[i] = round(high[i], dtype);
            if (Double.isNaN(this.low[i]) || Double.isNaN(this.high[i]) || this.low[i] > this.high[i]) {
                throw new IllegalArgumentException("Box bound " + i + " is invalid: low=" + low[i] + ", high=" + high[i]);
            }
        }
        this.shape = shape.clone();
        this.dtype = dtype;
    }

    /**
     * A one-dimensional float32 box.
     *
     * @param low lower bounds
     * @param high upper bounds, same length
     * @return the box
     */
    public static Box of(float[] low, float[] high) {
        double[] l = new double[low.length];
        double[] h = new double[high.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = low[i];
        }
        for (int i = 0; i < h.length; i++) {
            h[i] = high[i];
        }
        return new Box(l, h, new int[] {low.length}, DType.FLOAT32);
    }

    /**
     * A float32 box with the same bounds for every element.
     *
     * @param low lower bound
     * @param high upper bound
     * @param shape the shape
     * @return the box
     */
    public static Box uniform(double low, double high, int... shape) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        double[] l = new double[size];
        double[] h = new double[size];
        Arrays.fill(l, low);
        Arrays.fill(h, high);
        return new Box(l, h, shape, DType.FLOAT32);
    }

    private static double round(double v, DType dtype) {
        return dtype == DType.FLOAT32 && !Double.isInfinite(v) ? (float) v : v;
    }

    /**
     * Lower bounds.
     *
     * @return a copy, flat
     */
    public double[] low() {
        return low.clone();
    }

    /**
     * Upper bounds.
     *
     * @return a copy, flat
     */
    public double[] high() {
        return high.clone();
    }

    /**
     * The shape.
     *
     * @return a copy
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * The element type.
     *
     * @return the dtype
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * Number of elements.
     *
     * @return the product of the shape
     */
    public int size() {
        return low.length;
    }

    /**
     * Samples as Gymnasium does: uniform where both bounds are finite, normal where neither is,
     * shifted exponential where one is; integer dtypes sample {@code floor(uniform(low,
     * high + 1))}.
     *
     * @param rng the generator
     * @return a member of the box
     */
    public float[] sample(RandomGenerator rng) {
        float[] out = new float[low.length];
        for (int i = 0; i < out.length; i++) {
            boolean lowFinite = !Double.isInfinite(low[i]);
            boolean highFinite = !Double.isInfinite(high[i]);
            double v;
            if (lowFinite && highFinite) {
                v = dtype.isInteger()
                        ? Math.floor(low[i] + (high[i] + 1 - low[i]) * rng.nextDouble())
                        : low[i] + (high[i] - low[i]) * rng.nextDouble();
                v = Math.min(v, high[i]);
            } else if (lowFinite) {
                v = low[i] + rng.nextExponential();
            } else if (highFinite) {
                v = high[i] - rng.nextExponential();
            } else {
                v = rng.nextGaussian();
            }
            out[i] = (float) v;
        }
        return out;
    }

    /**
     * Membership test: right length, no NaN, every element within its bounds.
     *
     * @param value a candidate
     * @return true when it is a member
     */
    public boolean contains(float[] value) {
        if (value == null || value.length != low.length) {
            return false;
        }
        for (int i = 0; i < value.length; i++) {
            float v = value[i];
            if (!(v >= low[i] && v <= high[i])) {
                return false;
            }
            if (dtype.isInteger() && v != Math.rint(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Object sampleValue(RandomGenerator rng) {
        return sample(rng);
    }

    @Override
    public boolean containsValue(Object value) {
        if (value instanceof float[] f) {
            return contains(f);
        }
        if (value instanceof double[] d) {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return contains(f);
        }
        return false;
    }

    @Override
    public int flatSize() {
        return low.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && dtype == b.dtype && Arrays.equals(shape, b.shape)
                && Arrays.equals(low, b.low) && Arrays.equals(high, b.high);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(low) * 31 + Arrays.hashCode(high);
    }

    @Override
    public String toString() {
        return "Box(" + Arrays.toString(low) + ", " + Arrays.toString(high) + ", " + Arrays.toString(shape) + ", "
                + dtype.numpyName() + ")";
    }
}
