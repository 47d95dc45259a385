package dev.lorakit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.Collection;

/**
 * The global L2 norm of a set of gradients as {@code torch.nn.utils.clip_grad_norm_} computes
 * it: the norm of the stacked per-tensor norms, read back with one device sync.
 *
 * <p>Why not a sum of squares: {@code square}, {@code sum} and an accumulating {@code add} are
 * three engine calls per tensor, one {@code norm} is one; for the small tensors of LoRA adapters
 * and RL networks the engine calls, not the arithmetic, are the cost (see {@code
 * LearnerOverheadBenchmark} in docs/BENCHMARKS.md).
 */
public final class GradientNorm {

    private GradientNorm() {}

    /**
     * The global L2 norm.
     *
     * @param gradients the gradients, all on one device; temporaries belong to the caller's
     *     NDScope or the gradients' manager
     * @return the norm (NaN or infinite when a gradient is)
     * @throws IllegalArgumentException when there is no gradient
     */
    public static double of(Collection<NDArray> gradients) {
        if (gradients.isEmpty()) {
            throw new IllegalArgumentException("The global norm of no gradients is undefined");
        }
        NDList norms = new NDList(gradients.size());
        for (NDArray g : gradients) {
            norms.add(g.norm());
        }
        NDArray total = norms.size() == 1 ? norms.head() : NDArrays.stack(norms).norm();
        return Gradients.scalar(total);
    }
}
