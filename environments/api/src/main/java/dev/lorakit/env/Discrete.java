package dev.lorakit.env;

import java.util.random.RandomGenerator;

/**
 * The integers {@code start, start + 1, ..., start + n - 1}, as Gymnasium's {@code Discrete}.
 *
 * @param n number of values, at least 1
 * @param start the smallest value
 */
public record Discrete(int n, int start) implements Space {

    /** Validates the size. */
    public Discrete {
        if (n < 1) {
            throw new IllegalArgumentException("Discrete space size n must be >= 1, got " + n);
        }
    }

    /**
     * A space of {@code 0..n-1}.
     *
     * @param n number of values
     */
    public Discrete(int n) {
        this(n, 0);
    }

    /**
     * Draws a value uniformly.
     *
     * @param rng the generator
     * @return a member of the space
     */
    public int sample(RandomGenerator rng) {
        return start + rng.nextInt(n);
    }

    /**
     * Membership test.
     *
     * @param value a candidate
     * @return whether {@code start <= value < start + n}
     */
    public boolean contains(int value) {
        return value >= start && value - start < n;
    }

    @Override
    public Object sampleValue(RandomGenerator rng) {
        return sample(rng);
    }

    @Override
    public boolean containsValue(Object value) {
        return value instanceof Integer i && contains(i);
    }

    @Override
    public int flatSize() {
        return 1;
    }

    @Override
    public String toString() {
        return start == 0 ? "Discrete(" + n + ")" : "Discrete(" + n + ", start=" + start + ")";
    }
}
