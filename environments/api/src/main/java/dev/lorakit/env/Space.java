package dev.lorakit.env;

import java.util.random.RandomGenerator;

/**
 * An observation or action space, as Gymnasium's {@code gymnasium.spaces}: a set of values with
 * a way to sample from it and to test membership.
 */
public sealed interface Space permits Box, Discrete, MultiDiscrete {

    /**
     * Draws a value from the space.
     *
     * @param rng the generator to draw from
     * @return an {@code int} for {@link Discrete}, a {@code float[]} for {@link Box}, an {@code
     *     int[]} for {@link MultiDiscrete}
     */
    Object sampleValue(RandomGenerator rng);

    /**
     * Whether {@code value} belongs to the space; values of the wrong Java type do not.
     *
     * @param value an {@code Integer}, {@code float[]}, {@code double[]} or {@code int[]}
     * @return true when the value is a member
     */
    boolean containsValue(Object value);

    /**
     * Number of {@code float}s an observation from this space occupies when flattened.
     *
     * @return the flat size
     */
    int flatSize();
}
