package dev.lorakit.env;

import java.awt.image.BufferedImage;

/**
 * A reinforcement-learning environment with Gymnasium 1.x semantics.
 *
 * <pre>{@code
 * try (Environment env = Environments.make("CartPole-v1")) {
 *     float[] obs = env.reset(42).observation();
 *     double episodeReturn = 0;
 *     StepResult r;
 *     do {
 *         r = env.step(obs[2] > 0 ? 1 : 0);   // push towards the falling side
 *         obs = r.observation();
 *         episodeReturn += r.reward();
 *     } while (!r.done());
 * }
 * }</pre>
 *
 * <p>Observations are flat {@code float[]} (float32, as Gymnasium's classic-control boxes); a
 * {@link Discrete} observation arrives as a one-element array. Actions use the method that
 * matches {@link #actionSpace()}: {@link #step(int)} for {@link Discrete}, {@link
 * #step(float[])} for {@link Box}, {@link #step(int[])} for {@link MultiDiscrete}. An action
 * outside the space throws {@link IllegalArgumentException}; stepping before the first reset or
 * after {@code terminated || truncated} throws {@link IllegalStateException}.
 *
 * <p>Implementations are not thread-safe: use one instance per thread, or a {@link
 * VectorEnvironment}.
 */
public interface Environment extends AutoCloseable {

    /**
     * The id this environment was made from, e.g. {@code CartPole-v1}.
     *
     * @return the id
     */
    String id();

    /**
     * The observation space.
     *
     * @return the space
     */
    Space observationSpace();

    /**
     * The action space.
     *
     * @return the space
     */
    Space actionSpace();

    /**
     * Seeds the environment's generator and starts an episode, as Gymnasium's {@code
     * reset(seed=seed)}.
     *
     * @param seed the seed
     * @return the first observation and info
     */
    ResetResult reset(long seed);

    /**
     * Starts an episode continuing the generator's stream, as Gymnasium's {@code reset()}; an
     * environment never seeded seeds itself from system entropy.
     *
     * @return the first observation and info
     */
    ResetResult reset();

    /**
     * Steps with a discrete action.
     *
     * @param action a member of the {@link Discrete} action space
     * @return the transition
     */
    StepResult step(int action);

    /**
     * Steps with a continuous action.
     *
     * @param action a member of the {@link Box} action space
     * @return the transition
     */
    StepResult step(float[] action);

    /**
     * Steps with a multi-discrete action.
     *
     * @param action a member of the {@link MultiDiscrete} action space
     * @return the transition
     */
    StepResult step(int[] action);

    /**
     * Renders the current state as Gymnasium's {@code rgb_array} mode does.
     *
     * @return an RGB image
     * @throws UnsupportedOperationException when the environment cannot render
     */
    default BufferedImage render() {
        throw new UnsupportedOperationException(id() + " does not render");
    }

    /**
     * Steps with an action of any supported type ({@link Integer}, {@code float[]}, {@code
     * int[]}); convenient for generic code, slower than the typed methods.
     *
     * @param action the action
     * @return the transition
     */
    default StepResult stepValue(Object action) {
        if (action instanceof Integer i) {
            return step(i.intValue());
        }
        if (action instanceof float[] f) {
            return step(f);
        }
        if (action instanceof int[] a) {
            return step(a);
        }
        throw new IllegalArgumentException("Action of type " + (action == null ? "null" : action.getClass().getSimpleName())
                + " is not supported; use Integer, float[] or int[] for " + actionSpace());
    }

    /** Releases resources (windows, subprocesses); further calls fail. */
    @Override
    void close();
}
