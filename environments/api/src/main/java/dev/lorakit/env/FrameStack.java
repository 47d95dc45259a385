package dev.lorakit.env;

/**
 * Stacks the last {@code k} observations, oldest first, as Gymnasium's {@code
 * FrameStackObservation} with {@code padding_type="reset"}: after a reset the stack holds {@code
 * k} copies of the first observation. The observation is flat: {@code k * n} floats.
 */
public final class FrameStack extends Wrapper {
    private final int stackSize;
    private final int frameSize;
    private final float[] frames;

    /**
     * Wraps an environment.
     *
     * @param env the environment
     * @param stackSize number of frames, at least 1
     */
    public FrameStack(Environment env, int stackSize) {
        super(env);
        if (stackSize < 1) {
            throw new IllegalArgumentException("stack_size must be >= 1, got " + stackSize);
        }
        this.stackSize = stackSize;
        this.frameSize = env.observationSpace().flatSize();
        this.frames = new float[stackSize * frameSize];
    }

    @Override
    public Space observationSpace() {
        Space inner = env.observationSpace();
        if (!(inner instanceof Box b)) {
            throw new UnsupportedOperationException("FrameStack needs a Box observation space, got " + inner);
        }
        int[] innerShape = b.shape();
        int[] shape = new int[innerShape.length + 1];
        shape[0] = stackSize;
        System.arraycopy(innerShape, 0, shape, 1, innerShape.length);
        double[] low = new double[frames.length];
        double[] high = new double[frames.length];
        for (int k = 0; k < stackSize; k++) {
            System.arraycopy(b.low(), 0, low, k * frameSize, frameSize);
            System.arraycopy(b.high(), 0, high, k * frameSize, frameSize);
        }
        return new Box(low, high, shape, b.dtype());
    }

    @Override
    protected ResetResult onReset(ResetResult result) {
        for (int k = 0; k < stackSize; k++) {
            System.arraycopy(result.observation(), 0, frames, k * frameSize, frameSize);
        }
        return new ResetResult(frames.clone(), result.info());
    }

    @Override
    protected StepResult onStep(StepResult result) {
        System.arraycopy(frames, frameSize, frames, 0, frames.length - frameSize);
        System.arraycopy(result.observation(), 0, frames, frames.length - frameSize, frameSize);
        return result.withObservation(frames.clone());
    }
}
