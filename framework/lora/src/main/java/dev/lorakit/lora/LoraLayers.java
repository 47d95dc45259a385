package dev.lorakit.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.lorakit.lora.nn.ParallelDropout;
import java.util.Random;
import java.util.function.Consumer;

/** Logic the three LoRA layers share: creating adapter parameters and default initial values. */
final class LoraLayers {

    private LoraLayers() {}

    /**
     * Creates A and B parameters for an adapter from arrays and registers them on the layer.
     *
     * @param layer the layer
     * @param info the adapter
     * @param a A's values
     * @param b B's values
     * @param register adds a parameter to the layer's parameter map
     */
    static void add(LoraLayer layer, AdapterInfo info, NDArray a, NDArray b, Consumer<Parameter> register) {
        LoraLayerKind kind = layer.kind();
        Shape[] expected = kind.adapterShapes(layer, info.rank());
        if (!a.getShape().equals(expected[0]) || !b.getShape().equals(expected[1])) {
            throw new IllegalArgumentException("Adapter '" + info.name() + "' needs A " + expected[0] + " and B " + expected[1] + ", got " + a.getShape() + " and " + b.getShape());
        }
        if (layer.adapters().contains(info.name())) {
            throw new IllegalArgumentException("Adapter '" + info.name() + "' already exists on this layer");
        }
        Parameter pa = Parameter.builder().setName(kind.aName(info.name())).setType(Parameter.Type.WEIGHT).optArray(a).build();
        Parameter pb = Parameter.builder().setName(kind.bName(info.name())).setType(Parameter.Type.WEIGHT).optArray(b).build();
        register.accept(pa);
        register.accept(pb);
        layer.adapters().add(info, pa, pb);
    }

    /**
     * Removes an adapter and unregisters its parameters.
     *
     * @param layer the layer
     * @param name the adapter
     * @param unregister removes a parameter name from the layer's parameter map
     */
    static void delete(LoraLayer layer, String name, Consumer<String> unregister) {
        AdapterSet.Entry e = layer.adapters().remove(name);
        unregister.accept(e.a().getName());
        unregister.accept(e.b().getName());
    }

    /**
     * A and B for the default or gaussian init: A random (Kaiming-uniform or N(0, 1/r)), B zeros.
     *
     * @param layer the layer
     * @param info the adapter
     * @param init default or gaussian
     * @param fanIn A's fan-in
     * @param rng random source
     * @return {@code {a, b}}
     */
    static NDArray[] randomAZeroB(LoraLayer layer, AdapterInfo info, LoraInit init, long fanIn, Random rng) {
        Shape[] shapes = layer.kind().adapterShapes(layer, info.rank());
        NDManager m = layer.baseWeight().getArray().getManager();
        int count = Math.toIntExact(shapes[0].size());
        float[] a = switch (init) {
            case DEFAULT -> LoraInitializers.kaimingUniform(count, fanIn, rng);
            case GAUSSIAN -> LoraInitializers.normal(count, 1.0 / info.rank(), rng);
            case PISSA -> throw new IllegalArgumentException("lora.init pissa is supported on Linear layers only, not " + layer.kind());
        };
        return new NDArray[] {m.create(a, shapes[0]), m.zeros(shapes[1])};
    }

    /**
     * Input dropout of an adapter.
     *
     * @param x the input
     * @param rate the rate
     * @param training whether training
     * @return x, or x with dropout
     */
    static NDArray dropout(NDArray x, float rate, boolean training) {
        return ParallelDropout.apply(x, rate, training);
    }

    /**
     * The input shapes a base block was initialised with, or {@code fallback} when it was never
     * initialised through {@link Block#initialize} (weights set directly by a loader).
     *
     * @param base the base block
     * @param fallback the shape to assume
     * @return input shapes
     */
    static Shape[] inputShapesOf(Block base, Shape fallback) {
        try {
            return base.getInputShapes();
        } catch (IllegalStateException e) {
            return new Shape[] {fallback};
        }
    }
}
