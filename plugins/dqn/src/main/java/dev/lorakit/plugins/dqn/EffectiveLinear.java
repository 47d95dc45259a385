package dev.lorakit.plugins.dqn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The affine map a linear layer computes right now, read from the layer's own inference
 * forward pass: the rows of {@code [I; 0]} give {@code W^T + b} and {@code b}. Probing the
 * forward instead of reading the {@code weight} parameter makes the result right for any
 * layer that is affine in inference mode, in particular a LoRA layer whose effective weight is
 * {@code W + (alpha/r) B A}, without depending on how the adapter stores it.
 *
 * @param weightTransposed {@code (in, out)}, so that {@code y = x weightTransposed + bias}
 * @param bias {@code (out)}
 */
public record EffectiveLinear(NDArray weightTransposed, NDArray bias) {

    /**
     * Probes one layer.
     *
     * @param layer an initialized layer, affine in inference mode
     * @param inFeatures its input size
     * @param manager where the result arrays are created
     * @return the layer's current affine map
     */
    public static EffectiveLinear probe(Block layer, int inFeatures, NDManager manager) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray probe = scratch.eye(inFeatures + 1, inFeatures, 0, ai.djl.ndarray.types.DataType.FLOAT32);
            NDArray out =
                    layer.forward(new ParameterStore(scratch, false), new NDList(probe), false).singletonOrThrow();
            long rows = out.getShape().get(0);
            NDArray bias = out.get(rows - 1);
            NDArray weightT = out.get("0:" + inFeatures).sub(bias);
            EffectiveLinear result = new EffectiveLinear(weightT, bias);
            result.weightTransposed().attach(manager);
            result.bias().attach(manager);
            return result;
        }
    }

    /**
     * Probes every layer of a Q-network in forward order.
     *
     * @param network the (possibly LoRA-injected) network
     * @param manager where the result arrays are created
     * @return one map per layer
     */
    public static List<EffectiveLinear> probeAll(QNetwork network, NDManager manager) {
        List<EffectiveLinear> out = new ArrayList<>();
        int inFeatures = network.observationSize();
        for (Block layer : network.layers()) {
            EffectiveLinear linear = probe(layer, inFeatures, manager);
            out.add(linear);
            inFeatures = Math.toIntExact(linear.bias().size());
        }
        return out;
    }

    /**
     * Input features.
     *
     * @return rows of the transposed weight
     */
    public int inFeatures() {
        return Math.toIntExact(weightTransposed.getShape().get(0));
    }

    /**
     * Output features.
     *
     * @return the bias length
     */
    public int outFeatures() {
        return Math.toIntExact(bias.size());
    }
}
