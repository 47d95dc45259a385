package dev.lorakit.lora.ndarray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.function.BinaryOperator;

/**
 * Arithmetic between an array and a number that autograd can differentiate safely.
 *
 * <p>Why not {@code x.mul(2f)}: DJL 0.36's PyTorch engine turns the number into a tensor with
 * {@code torch::from_blob} over a Java direct buffer, runs the operation and closes that tensor at
 * once. When autograd saved the tensor for the backward pass ({@code mul}, {@code div}, {@code
 * pow}, {@code minimum} and {@code maximum} do), the buffer may be garbage-collected and its memory
 * reused before {@code backward()} reads it: the gradient is then silently scaled by whatever lies
 * there, or becomes huge or non-finite. It depends on when the JVM collects, so it struck about
 * one step in a few hundred (the learner's "non-finite gradient norm" skips) and, worse, could
 * scale a step by a wrong finite factor. The numbers here are tensors that libtorch allocates and
 * owns ({@code torch::full}); the saved tensor keeps its memory alive after the Java handle is
 * closed. {@code ScalarOpsTest} reproduces the engine fault with {@link DirectMemoryChurn} and
 * checks these methods against it.
 *
 * <p>Use these for every array-and-number operation that runs under a gradient collector. Outside
 * autograd (optimizer updates, metrics, in-place updates of weights) DJL's methods are safe: the
 * number is read before it is closed.
 *
 * <pre>{@code
 * NDArray scaled = ScalarOps.mul(loraOut, scale);   // instead of loraOut.mul(scale)
 * }</pre>
 */
public final class ScalarOps {

    private ScalarOps() {}

    /**
     * A zero-dimensional array holding {@code value}, owned by the engine, with {@code like}'s data
     * type and device, attached to {@code like}'s manager.
     *
     * @param like the array whose data type, device and manager to use
     * @param value the value
     * @return the scalar array
     */
    public static NDArray scalar(NDArray like, double value) {
        NDArray s = like.getManager().full(new Shape(), (float) value, like.getDataType());
        return s.getDevice().equals(like.getDevice()) ? s : s.toDevice(like.getDevice(), false);
    }

    /**
     * {@code x * value}.
     *
     * @param x the array
     * @param value the factor
     * @return a new array
     */
    public static NDArray mul(NDArray x, double value) {
        return apply(x, value, NDArray::mul);
    }

    /**
     * {@code x *= value}, in place (for intermediate results; autograd forbids it on leaves).
     *
     * @param x the array
     * @param value the factor
     * @return {@code x}
     */
    public static NDArray muli(NDArray x, double value) {
        return apply(x, value, NDArray::muli);
    }

    /**
     * {@code x / value}.
     *
     * @param x the array
     * @param value the divisor
     * @return a new array
     */
    public static NDArray div(NDArray x, double value) {
        return apply(x, value, NDArray::div);
    }

    /**
     * {@code x + value}.
     *
     * @param x the array
     * @param value the addend
     * @return a new array
     */
    public static NDArray add(NDArray x, double value) {
        return apply(x, value, NDArray::add);
    }

    /**
     * {@code x ^ value}.
     *
     * @param x the array
     * @param exponent the exponent
     * @return a new array
     */
    public static NDArray pow(NDArray x, double exponent) {
        return apply(x, exponent, NDArray::pow);
    }

    /**
     * The element-wise minimum of {@code x} and {@code value}.
     *
     * @param x the array
     * @param value the bound
     * @return a new array
     */
    public static NDArray minimum(NDArray x, double value) {
        return apply(x, value, NDArray::minimum);
    }

    /**
     * The element-wise maximum of {@code x} and {@code value}.
     *
     * @param x the array
     * @param value the bound
     * @return a new array
     */
    public static NDArray maximum(NDArray x, double value) {
        return apply(x, value, NDArray::maximum);
    }

    /**
     * {@code op(x, scalar)} with an engine-owned scalar, closed at once: autograd's saved copy keeps
     * the tensor's memory alive, which is the point (see the class comment).
     */
    private static NDArray apply(NDArray x, double value, BinaryOperator<NDArray> op) {
        try (NDArray s = scalar(x, value)) {
            return op.apply(x, s);
        }
    }
}
