package dev.lorakit.lora;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Random;
import dev.lorakit.lora.ndarray.ScalarOps;

/**
 * A {@link Linear} layer with LoRA adapters: {@code y = xWᵀ + b + Σ (scale·dropout(x)Aᵀ)Bᵀ},
 * A of shape [r, in], B of shape [out, r]. It extends {@code Linear} and shares the base's
 * weight and bias arrays, so it replaces a {@code Linear} anywhere, including typed fields.
 * Created by {@link LoraModel}; not meant to be built by hand.
 */
public class LoraLinear extends Linear implements LoraLayer {

    private final Linear base;
    private final AdapterSet adapters = new AdapterSet();
    private final Parameter weight;
    private final Parameter bias;

    LoraLinear(Linear base) {
        super(Linear.builder().setUnits(unitsOf(base)).optBias(base.getParameters().contains("bias")));
        this.base = base;
        Parameter baseWeight = base.getParameters().get("weight");
        weight = parameters.get("weight");
        weight.setArray(baseWeight.getArray());
        if (parameters.containsKey("bias")) {
            bias = parameters.get("bias");
            bias.setArray(base.getParameters().get("bias").getArray());
        } else {
            bias = null;
        }
        beforeInitialize(LoraLayers.inputShapesOf(base, new Shape(1, baseWeight.getArray().getShape().get(1))));
    }

    private static long unitsOf(Linear base) {
        Parameter w = base.getParameters().get("weight");
        if (!w.isInitialized()) {
            throw new IllegalStateException("Initialise the model (or load its weights) before adding LoRA adapters: a Linear layer has no weight yet");
        }
        return w.getArray().getShape().get(0);
    }

    @Override
    public Block baseLayer() {
        return base;
    }

    @Override
    public LoraLayerKind kind() {
        return LoraLayerKind.LINEAR;
    }

    @Override
    public AdapterSet adapters() {
        return adapters;
    }

    @Override
    public Parameter baseWeight() {
        return weight;
    }

    @Override
    public void addAdapter(AdapterInfo info, LoraInit init, Random rng) {
        if (init == LoraInit.PISSA) {
            addPissa(info, rng);
            return;
        }
        long in = weight.getArray().getShape().get(1);
        NDArray[] ab = LoraLayers.randomAZeroB(this, info, init, in, rng);
        addAdapter(info, ab[0], ab[1]);
    }

    /** PiSSA: A, B from the top-r SVD of W (scaled so that scale·B·A is the rank-r part), W ← residual. */
    private void addPissa(AdapterInfo info, Random rng) {
        NDArray w = weight.getArray();
        int out = Math.toIntExact(w.getShape().get(0));
        int in = Math.toIntExact(w.getShape().get(1));
        int r = info.rank();
        TopSvd svd = TopSvd.of(w.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray(), out, in, r, rng);
        float[] a = new float[r * in];
        float[] b = new float[out * r];
        for (int c = 0; c < r; c++) {
            double root = Math.sqrt(svd.s()[c] / info.scale());
            for (int k = 0; k < in; k++) {
                a[c * in + k] = (float) (root * svd.vt()[c * in + k]);
            }
            for (int k = 0; k < out; k++) {
                b[k * r + c] = (float) (svd.u()[k * r + c] * root);
            }
        }
        NDManager m = w.getManager();
        NDArray aa = m.create(a, new Shape(r, in)).toType(w.getDataType(), false);
        NDArray bb = m.create(b, new Shape(out, r)).toType(w.getDataType(), false);
        addAdapter(info, aa, bb);
        try (NDArray delta = deltaWeight(info.name())) {
            w.subi(delta);
        }
    }

    @Override
    public void addAdapter(AdapterInfo info, NDArray a, NDArray b) {
        LoraLayers.add(this, info, a, b, this::addParameter);
    }

    @Override
    public void deleteAdapter(String name) {
        LoraLayers.delete(this, name, parameters::remove);
    }

    @Override
    public NDArray deltaWeight(String name) {
        AdapterInfo info = adapters.info(name);
        return ScalarOps.muli(adapters.b(name).getArray().matMul(adapters.a(name).getArray()), info.scale());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray w = ps.getValue(weight, device, training);
        NDArray out = bias == null ? Linear.linear(x, w).singletonOrThrow() : Linear.linear(x, w, ps.getValue(bias, device, training)).singletonOrThrow();
        for (String name : adapters.forwardAdapters()) {
            AdapterInfo info = adapters.info(name);
            NDArray a = ps.getValue(adapters.a(name), device, training);
            NDArray b = ps.getValue(adapters.b(name), device, training);
            NDArray h = Linear.linear(LoraLayers.dropout(x, info.dropout(), training), a).singletonOrThrow();
            // Scale the rank-r activation (N x r), not the output (N x out): the same product
            // with out/r times fewer multiplications, forward and backward.
            NDArray scaled = ScalarOps.mul(h, info.scale());
            h.close();
            // h · Bᵀ as a matrix product rather than Linear: autograd then forms B's gradient as
            // hᵀ · dY (r x N times N x out), the orientation MKL runs ~3x faster than Linear's
            // dYᵀ · h (out x N times N x r) for these skinny shapes.
            NDArray delta = scaled.matMul(b.transpose());
            // In place: the base output is not kept for backward, so no second output buffer.
            out.addi(delta);
            delta.close();
        }
        return new NDList(out);
    }
}
