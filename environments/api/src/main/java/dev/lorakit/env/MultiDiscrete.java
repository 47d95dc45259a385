package dev.lorakit.env;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A vector of independent discrete choices, element {@code i} in {@code 0..nvec[i]-1}, as
 * Gymnasium's {@code MultiDiscrete}.
 */
public final class MultiDiscrete implements Space {
    private final int[] nvec;

    /**
     * Creates the space.
     *
     * @param nvec number of choices per element, each at least 1
     */
    public MultiDiscrete(int... nvec) {
        if (nvec.length == 0) {
            throw new IllegalArgumentException("MultiDiscrete needs at least one element");
        }
        for (int i = 0; i < nvec.length; i++) {
            if (nvec[i] < 1) {
                throw new IllegalArgumentException(
                        "MultiDiscrete nvec[" + i + "] must be >= 1, got " + nvec[i]);
            }
        }
        this.nvec = nvec.clone();
    }

    /**
     * Number of choices per element.
     *
     * @return a copy of nvec
     */
    public int[] nvec() {
        return nvec.clone();
    }

    /**
     * Draws each element uniformly.
     *
     * @param rng the generator
     * @return a member of the space
     */
    public int[] sample(RandomGenerator rng) {
        int[] out = new int[nvec.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = rng.nextInt(nvec[i]);
        }
        return out;
    }

    /**
     * Membership test.
     *
     * @param value a candidate
     * @return whether the length matches and every element is in range
     */
    public boolean contains(int[] value) {
        if (value == null || value.length != nvec.length) {
            return false;
        }
        for (int i = 0; i < value.length; i++) {
            if (value[i] < 0 || value[i] >= nvec[i]) {
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
        return value instanceof int[] v && contains(v);
    }

    @Override
    public int flatSize() {
        return nvec.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiDiscrete m && Arrays.equals(nvec, m.nvec);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(nvec);
    }

    @Override
    public String toString() {
        return "MultiDiscrete(" + Arrays.toString(nvec) + ")";
    }
}
