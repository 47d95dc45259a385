package dev.lorakit.env;

import java.awt.image.BufferedImage;

/**
 * An environment that delegates to another and transforms what passes through, as Gymnasium's
 * {@code Wrapper}. Subclasses override the hooks {@link #onReset}, {@link #beforeStep} and
 * {@link #onStep}, which every reset and step method (for all action types) goes through.
 */
public abstract class Wrapper implements Environment {
    /** The wrapped environment. */
    protected final Environment env;

    /**
     * Wraps an environment.
     *
     * @param env the environment to wrap
     */
    protected Wrapper(Environment env) {
        if (env == null) {
            throw new IllegalArgumentException("Cannot wrap a null environment");
        }
        this.env = env;
    }

    /**
     * The innermost environment.
     *
     * @return the environment below all wrappers
     */
    public Environment unwrapped() {
        return env instanceof Wrapper w ? w.unwrapped() : env;
    }

    /**
     * Finds the nearest wrapper of a type in this chain, this one included.
     *
     * @param type the wrapper class
     * @param <W> the wrapper type
     * @return the wrapper, or null if the chain has none
     */
    public <W extends Wrapper> W find(Class<W> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return env instanceof Wrapper w ? w.find(type) : null;
    }

    @Override
    public String id() {
        return env.id();
    }

    @Override
    public Space observationSpace() {
        return env.observationSpace();
    }

    @Override
    public Space actionSpace() {
        return env.actionSpace();
    }

    @Override
    public ResetResult reset(long seed) {
        return onReset(env.reset(seed));
    }

    @Override
    public ResetResult reset() {
        return onReset(env.reset());
    }

    @Override
    public StepResult step(int action) {
        beforeStep();
        return onStep(env.step(action));
    }

    @Override
    public StepResult step(float[] action) {
        beforeStep();
        return onStep(env.step(action));
    }

    @Override
    public StepResult step(int[] action) {
        beforeStep();
        return onStep(env.step(action));
    }

    @Override
    public BufferedImage render() {
        return env.render();
    }

    @Override
    public void close() {
        env.close();
    }

    /**
     * Transforms a reset result.
     *
     * @param result what the wrapped environment returned
     * @return what this wrapper returns
     */
    protected ResetResult onReset(ResetResult result) {
        return result;
    }

    /** Runs before the wrapped environment steps; may throw to refuse the step. */
    protected void beforeStep() {}

    /**
     * Transforms a step result.
     *
     * @param result what the wrapped environment returned
     * @return what this wrapper returns
     */
    protected StepResult onStep(StepResult result) {
        return result;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "<" + env + ">";
    }
}
