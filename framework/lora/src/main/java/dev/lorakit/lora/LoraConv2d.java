package dev.lorakit.lora;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.Random;
import dev.lorakit.lora.ndarray.ScalarOps;

/**
 * A {@link Conv2d} layer with LoRA adapters: A is a k×k convolution to r channels with the base's
 * stride, padding and dilation ([r, in, kh, kw]), B a 1×1 convolution back to the base's
 * channels ([out, r, 1, 1], zeros at start). Grouped convolutions are refused, as PEFT does.
 * Created by {@link LoraModel}.
 *
 * <p>Since B is 1×1 and A has the base's stride, padding and dilation, {@code conv(x, W) + s ·
 * conv(conv(x, A), B) = conv(x, W + s · B·A)}: without adapter dropout (or outside training) the
 * forward pass runs that one convolution with the composed kernel instead of three, and autograd
 * carries the kernel's gradient to A and B through the small matrix product. PEFT runs the three;
 * the outputs and gradients are the same up to float rounding, and a step costs about what a full
 * fine-tuning step does (convolutions to r channels are slow in oneDNN on CPU: docs/BENCHMARKS.md,
 * "Image classification"). With dropout the adapter branch sees a different input than the base,
 * so the three convolutions run.
 */
public class LoraConv2d extends Conv2d implements LoraLayer {

    private static final Shape ONE = new Shape(1, 1);
    private static final Shape ZERO = new Shape(0, 0);

    private final Conv2d base;
    private final AdapterSet adapters = new AdapterSet();

    LoraConv2d(Conv2d base) {
        super(builderLike(base));
        this.base = base;
        weight.setArray(base.getParameters().get("weight").getArray());
        if (includeBias) {
            bias.setArray(base.getParameters().get("bias").getArray());
        }
        Shape ws = weight.getArray().getShape();
        Shape[] shapes = LoraLayers.inputShapesOf(base, new Shape(1, ws.get(1), ws.get(2), ws.get(3)));
        beforeInitialize(shapes);
    }

    private static Conv2d.Builder builderLike(Conv2d base) {
        if (base.getGroups() != 1) {
            throw new IllegalArgumentException("LoRA does not support grouped convolutions (groups = " + base.getGroups() + ")");
        }
        if (!base.getParameters().get("weight").isInitialized()) {
            throw new IllegalStateException("Initialise the model (or load its weights) before adding LoRA adapters: a Conv2d layer has no weight yet");
        }
        return Conv2d.builder()
                .setKernelShape(base.getKernelShape())
                .setFilters(base.getFilters())
                .optStride(base.getStride())
                .optPadding(base.getPadding())
                .optDilation(base.getDilation())
                .optBias(base.isIncludeBias());
    }

    @Override
    public Block baseLayer() {
        return base;
    }

    @Override
    public LoraLayerKind kind() {
        return LoraLayerKind.CONV2D;
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
        Shape ws = weight.getArray().getShape();
        NDArray[] ab = LoraLayers.randomAZeroB(this, info, init, ws.get(1) * ws.get(2) * ws.get(3), rng);
        addAdapter(info, ab[0], ab[1]);
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
        return composedDelta(adapters.info(name), adapters.a(name).getArray(), adapters.b(name).getArray(), weight.getArray().getShape());
    }

    /**
     * B is 1×1, so the adapter's kernel is s · B[out, r] · A[r, in·kh·kw], in the base's shape.
     * It runs under autograd in the forward pass, hence {@link ScalarOps} for the scale.
     */
    private static NDArray composedDelta(AdapterInfo info, NDArray a, NDArray b, Shape weightShape) {
        return ScalarOps.mul(b.reshape(weightShape.get(0), info.rank()).matMul(a.reshape(info.rank(), -1)).reshape(weightShape), info.scale());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray w = ps.getValue(weight, device, training);
        NDArray bi = includeBias ? ps.getValue(bias, device, training) : null;
        List<String> names = adapters.forwardAdapters();
        if (!training || names.stream().allMatch(n -> adapters.info(n).dropout() == 0f)) {
            NDArray kernel = w;
            for (String name : names) {
                NDArray a = ps.getValue(adapters.a(name), device, training);
                NDArray b = ps.getValue(adapters.b(name), device, training);
                kernel = kernel.add(composedDelta(adapters.info(name), a, b, w.getShape()));
            }
            return Conv2d.conv2d(x, kernel, bi, stride, padding, dilation, 1);
        }
        NDArray out = Conv2d.conv2d(x, w, bi, stride, padding, dilation, 1).singletonOrThrow();
        for (String name : names) {
            AdapterInfo info = adapters.info(name);
            NDArray a = ps.getValue(adapters.a(name), device, training);
            NDArray b = ps.getValue(adapters.b(name), device, training);
            NDArray h = Conv2d.conv2d(LoraLayers.dropout(x, info.dropout(), training), a, null, stride, padding, dilation, 1).singletonOrThrow();
            out = out.add(ScalarOps.muli(Conv2d.conv2d(h, b, null, ONE, ZERO, ONE, 1).singletonOrThrow(), info.scale()));
        }
        return new NDList(out);
    }
}
