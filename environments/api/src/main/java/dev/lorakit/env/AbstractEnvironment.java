package dev.lorakit.env;

/**
 * Base of Java environments: {@link CheckedEnvironment}'s checks plus the numpy-compatible
 * generator {@link #npRandom()} that Gymnasium calls {@code np_random}, seeded by {@code
 * reset(seed)} exactly as Gymnasium seeds it, so that the same seed draws the same initial state.
 *
 * <p>Subclasses implement {@link #resetState(NumpyRandom)} and the {@code doStep} method of their
 * action type, and optionally {@link #resetFromState(double[])}.
 */
public abstract class AbstractEnvironment extends CheckedEnvironment {
    private NumpyRandom npRandom;

    /**
     * Creates the environment.
     *
     * @param id the registry id
     * @param observationSpace observation space
     * @param actionSpace action space
     */
    protected AbstractEnvironment(String id, Space observationSpace, Space actionSpace) {
        super(id, observationSpace, actionSpace);
    }

    /**
     * The generator, seeded by the last {@link #reset(long)}.
     *
     * @return the generator, or a fresh entropy-seeded one if never seeded
     */
    protected final NumpyRandom npRandom() {
        if (npRandom == null) {
            npRandom = NumpyRandom.fromEntropy();
        }
        return npRandom;
    }

    @Override
    protected final ResetResult doReset(Long seed) {
        if (seed != null) {
            npRandom = new NumpyRandom(seed);
        }
        return resetState(npRandom());
    }

    /**
     * Draws the initial state, as the body of Gymnasium's {@code reset} after {@code
     * super().reset(seed=seed)}.
     *
     * @param rng the seeded generator
     * @return the first observation and info
     */
    protected abstract ResetResult resetState(NumpyRandom rng);

    /**
     * Starts an episode from a given physical state instead of a random one, e.g. to replay a
     * recorded trajectory; the generator is left as it is.
     *
     * @param state the environment's state vector (see the subclass's {@code state()})
     * @return the first observation and info
     * @throws UnsupportedOperationException when the environment cannot be set to a state
     */
    public final ResetResult resetTo(double[] state) {
        ensureOpen();
        return begin(resetFromState(state.clone()));
    }

    /**
     * Sets the state for {@link #resetTo(double[])}.
     *
     * @param state the state vector, a private copy
     * @return the first observation and info
     */
    protected ResetResult resetFromState(double[] state) {
        throw new UnsupportedOperationException(id() + " cannot start from a given state");
    }

    /**
     * Checks the length of a state given to {@link #resetTo(double[])}.
     *
     * @param state the state
     * @param length the expected length
     */
    protected final void checkStateLength(double[] state, int length) {
        if (state.length != length) {
            throw new IllegalArgumentException(id() + ": a state has " + length + " elements, got " + state.length);
        }
    }
}
