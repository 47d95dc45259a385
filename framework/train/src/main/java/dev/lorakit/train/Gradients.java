package dev.lorakit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/** Small per-step array chores of the learner, each kept to as few engine calls as it can. */
final class Gradients {

    private static final NDIndex ALL = new NDIndex("...");

    private Gradients() {}

    /**
     * Sets gradients to zero.
     *
     * <p>Why two ways: {@code g -= g} is one engine call and is exactly +0 for finite values,
     * while assigning 0 through an index costs about as much as the global norm (see {@code
     * LearnerOverheadBenchmark}); but {@code NaN - NaN} and {@code inf - inf} are NaN, so after
     * a non-finite gradient the learner assigns.
     *
     * @param gradients the gradients
     * @param finite whether every value is known to be finite (the global norm was)
     */
    static void zero(Iterable<NDArray> gradients, boolean finite) {
        for (NDArray g : gradients) {
            if (finite) {
                g.subi(g);
            } else {
                g.set(ALL, 0);
            }
        }
    }

    /**
     * A scalar array's value as a double with one device read (no conversion op for float32).
     *
     * @param scalar a one-element array
     * @return its value
     */
    static double scalar(NDArray scalar) {
        if (scalar.getDataType() == DataType.FLOAT32) {
            return scalar.getFloat();
        }
        return scalar.toType(DataType.FLOAT64, false).getDouble();
    }
}
