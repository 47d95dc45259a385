package dev.lorakit.env;

/**
 * Normalises observations to zero mean and unit variance with running statistics, as
 * Gymnasium's {@code NormalizeObservation}: {@code (obs - mean) / sqrt(var + 1e-8)}, the
 * statistics starting at mean 0, variance 1, count 1e-4 and updated with every observation
 * while {@link #setUpdating(boolean) updating}.
 */
public final class NormalizeObservation extends Wrapper {
    private static final double EPSILON = 1e-8;
    private final double[] mean;
    private final double[] var;
    private double count = 1e-4;
    private boolean updating = true;

    /**
     * Wraps an environment with a {@link Box} observation space.
     *
     * @param env the environment
     */
    public NormalizeObservation(Environment env) {
        super(env);
        int n = env.observationSpace().flatSize();
        mean = new double[n];
        var = new double[n];
        java.util.Arrays.fill(var, 1.0);
    }

    /**
     * Freezes or resumes the statistics (freeze them for evaluation).
     *
     * @param updating whether new observations update the statistics
     */
    public void setUpdating(boolean updating) {
        this.updating = updating;
    }

    /**
     * The running mean.
     *
     * @return a copy
     */
    public double[] mean() {
        return mean.clone();
    }

    /**
     * The running variance.
     *
     * @return a copy
     */
    public double[] variance() {
        return var.clone();
    }

    @Override
    public Space observationSpace() {
        int[] shape = env.observationSpace() instanceof Box b ? b.shape() : new int[] {mean.length};
        return Box.uniform(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, shape);
    }

    @Override
    protected ResetResult onReset(ResetResult result) {
        return new ResetResult(normalize(result.observation()), result.info());
    }

    @Override
    protected StepResult onStep(StepResult result) {
        return result.withObservation(normalize(result.observation()));
    }

    private float[] normalize(float[] obs) {
        if (updating) {
            // Chan et al. parallel update with a batch of one, as RunningMeanStd.update.
            double total = count + 1;
            for (int i = 0; i < obs.length; i++) {
                double delta = obs[i] - mean[i];
                mean[i] += delta / total;
                double m2 = var[i] * count + delta * delta * count / total;
                var[i] = m2 / total;
            }
            count = total;
        }
        float[] out = new float[obs.length];
        for (int i = 0; i < obs.length; i++) {
            out[i] = (float) ((obs[i] - mean[i]) / Math.sqrt(var[i] + EPSILON));
        }
        return out;
    }
}
