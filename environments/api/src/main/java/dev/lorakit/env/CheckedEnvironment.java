package dev.lorakit.env;

import java.util.Arrays;

/**
 * Base of every environment implementation: checks actions against the action space and refuses
 * to step before a reset, after the episode ended, or after close, with messages that say what
 * to do. Subclasses implement {@link #doReset(Long)} and the {@code doStep} method of their
 * action type; the checks happen here, once. Java environments extend {@link
 * AbstractEnvironment}, which adds numpy-compatible seeding.
 */
public abstract class CheckedEnvironment implements Environment {
    private final String id;
    private final Space observationSpace;
    private final Space actionSpace;
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
    protected CheckedEnvironment(String id, Space observationSpace, Space actionSpace) {
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

    @Override
    public final ResetResult reset(long seed) {
        ensureOpen();
        return begin(doReset(seed));
    }

    @Override
    public final ResetResult reset() {
        ensureOpen();
        return begin(doReset(null));
    }

    /**
     * Marks the start of an episode; every way of starting one goes through here.
     *
     * @param r the first observation and info
     * @return {@code r}
     */
    protected final ResetResult begin(ResetResult r) {
        needsReset = false;
        everReset = true;
        episodeSteps = 0;
        return r;
    }

    /**
     * Starts an episode.
     *
     * @param seed the seed, or null to continue the generator's stream
     * @return the first observation and info
     */
    protected abstract ResetResult doReset(Long seed);

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

    /** Throws when the environment is closed. */
    protected final void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(id + " is closed");
        }
    }

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
