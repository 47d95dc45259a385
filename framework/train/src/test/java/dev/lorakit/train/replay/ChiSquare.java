package dev.lorakit.train.replay;

/** Pearson's chi-square statistic for sampling-distribution tests. */
final class ChiSquare {

    /** The 0.999 quantile of chi-square with 9 degrees of freedom. */
    static final double CRITICAL_9_DOF_P001 = 27.877;

    private ChiSquare() {}

    static double statistic(int[] observed, double[] expected) {
        double sum = 0;
        for (int i = 0; i < observed.length; i++) {
            double d = observed[i] - expected[i];
            sum += d * d / expected[i];
        }
        return sum;
    }
}
