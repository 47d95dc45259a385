package dev.lorakit.env;

import java.util.Arrays;

/**
 * Base of Java environments: checks actions against the action space, refuses to step before a
 * reset or after the episode ended, and owns the numpy-compatible generator {@link
 * #npRandom()} that Gymnasium calls {@code np_random}.
 *
 * <p>Subclasses implement {@link #resetState(NumpyRandom)} and the {@code doStep} method for
 * their action type; the checks happen here, once.
 */
public abstract class AbstractEnvironment implements Environment {
    private final String id;
    private final Space observationSpace;
    private final Space actionSpace;
    private NumpyRandom npRandom;
    private boolean needsReset = true;
    private boolean everReset;
    private boolean closed;
    private long episodeSteps;

    /**
     * Creates the environment.
     *
     * @param id the registry id
     * @param observationSpace observation space
     * @param actionSpace action space
     */
    protected AbstractEnvironment(String id, Space observationSpace, Space actionSpace) {
        this.id = id;
        this.observationSpace = observationSpace;
        this.actionSpace = actionSpace;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Space observationSpace() {
        return observationSpace;
    }

    @Override
    public Space actionSpace() {
        return actionSpace;
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
    public final ResetResult reset(long seed) {
        npRandom = new NumpyRandom(seed);
        return reset();
    }

    @Override
    public final ResetResult reset() {
        ensureOpen();
        ResetResult r = resetState(npRandom());
        needsReset = false;
        everReset = true;
        episodeSteps = 0;
        return r;
    }

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
        ResetResult r = resetFromState(state.clone());
        needsReset = false;
        everReset = true;
        episodeSteps = 0;
        return r;
    }

    /**
     * Sets the state for {@link #resetTo(double[])}.
     *
     * @param state the state vector, a private copy
     * @return the first observation and info
     */
    protected ResetResult resetFromState(double[] state) {
        throw new UnsupportedOperationException(id + " cannot start from a given state");
    }

    /**
     * Checks the length of a state given to {@link #resetTo(double[])}.
     *
     * @param state the state
     * @param length the expected length
     */
    protected final void checkStateLength(double[] state, int length) {
        if (state.length != length) {
            throw new IllegalArgumentException(id + ": a state has " + length + " elements, got " + state.length);
        }
    }

    @Override
    public final StepResult step(int action) {
        beforeStep();
        if (!(actionSpace instanceof Discrete d) || !d.contains(action)) {
            throw badAction(String.valueOf(action));
        }
        return afterStep(doStep(action));
    }

    @Override
    public final StepResult step(float[] action) {
        beforeStep();
        if (!(actionSpace instanceof Box b) || !b.contains(action)) {
            throw badAction(Arrays.toString(action));
        }
        return afterStep(doStep(action));
    }

    @Override
    public final StepResult step(int[] action) {
        beforeStep();
        if (!(actionSpace instanceof MultiDiscrete m) || !m.contains(action)) {
            throw badAction(Arrays.toString(action));
        }
        return afterStep(doStep(action));
    }

    private void beforeStep() {
        ensureOpen();
        if (needsReset) {
            throw new IllegalStateException(everReset
                    ? id + ": the episode ended after " + episodeSteps + " steps (terminated or truncated); call reset() before step()"
                    : id + ": call reset() before the first step()");
        }
    }

    private StepResult afterStep(StepResult r) {
        episodeSteps++;
        if (r.done()) {
            needsReset = true;
        }
        return r;
    }

    private IllegalArgumentException badAction(String action) {
        return new IllegalArgumentException(id + ": action " + action + " is not in the action space " + actionSpace);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(id + " is closed");
        }
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
     * Advances a discrete-action environment; the action is already checked.
     *
     * @param action a member of the action space
     * @return the transition
     */
    protected StepResult doStep(int action) {
        throw new UnsupportedOperationException(id + " does not take int actions");
    }

    /**
     * Advances a continuous-action environment; the action is already checked.
     *
     * @param action a member of the action space
     * @return the transition
     */
    protected StepResult doStep(float[] action) {
        throw new UnsupportedOperationException(id + " does not take float[] actions");
    }

    /**
     * Advances a multi-discrete environment; the action is already checked.
     *
     * @param action a member of the action space
     * @return the transition
     */
    protected StepResult doStep(int[] action) {
        throw new UnsupportedOperationException(id + " does not take int[] actions");
    }

    @Override
    public void close() {
        closed = true;
    }
}
