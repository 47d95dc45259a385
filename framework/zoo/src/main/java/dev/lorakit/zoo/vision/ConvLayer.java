package dev.lorakit.zoo.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The convolution of PyTorch's fast_neural_style {@code ConvLayer} and {@code
 * UpsampleConvLayer}: optional nearest-neighbour up-sampling, reflection padding of {@code
 * kernel / 2} pixels, then a {@link Conv2d} child named {@code conv2d} (keys {@code
 * <path>.conv2d.weight} and {@code .bias}, as theirs). Reflection padding avoids the dark
 * borders zero padding leaves in generated pictures.
 *
 * <p>The convolution is held in a field typed {@link Conv2d}, so a LoRA layer that extends it
 * can replace it ({@code ModuleTree.replace}).
 */
public final class ConvLayer extends AbstractBlock {

    private final int kernel;
    private final int upsample;
    private Conv2d conv2d;

    /**
     * A padded convolution.
     *
     * @param outChannels output channels
     * @param kernel square kernel size, odd
     * @param stride stride
     * @param upsample nearest-neighbour scale factor applied first; 1 for none
     */
    public ConvLayer(int outChannels, int kernel, int stride, int upsample) {
        super((byte) 1);
        if (kernel < 1 || kernel % 2 == 0 || stride < 1 || upsample < 1 || outChannels < 1) {
            throw new IllegalArgumentException("ConvLayer needs positive channels, an odd kernel and stride/upsample >= 1, got channels "
                    + outChannels + ", kernel " + kernel + ", stride " + stride + ", upsample " + upsample);
        }
        this.kernel = kernel;
        this.upsample = upsample;
        conv2d = addChildBlock("conv2d", Conv2d.builder().setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).setFilters(outChannels).build());
    }

    /**
     * The convolution (a LoRA layer once adapters are injected).
     *
     * @return the {@code conv2d} child
     */
    public Conv2d conv2d() {
        return conv2d;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (upsample > 1) {
            x = x.repeat(2, upsample).repeat(3, upsample);
        }
        return conv2d.forward(parameterStore, new NDList(reflectionPad(x, kernel / 2)), training, params);
    }

    /**
     * PyTorch's {@code ReflectionPad2d(p)}: mirrors {@code p} rows and columns at each border
     * without repeating the edge pixel.
     *
     * @param x {@code (N, C, H, W)} with {@code H, W > p}
     * @param p the padding
     * @return {@code (N, C, H + 2p, W + 2p)}
     */
    static NDArray reflectionPad(NDArray x, int p) {
        if (p == 0) {
            return x;
        }
        NDArray top = x.get(new NDIndex(":, :, 1:{}", p + 1)).flip(2);
        NDArray bottom = x.get(new NDIndex(":, :, {}:-1", -p - 1)).flip(2);
        NDArray rows = concat3(top, x, bottom, 2);
        NDArray left = rows.get(new NDIndex(":, :, :, 1:{}", p + 1)).flip(3);
        NDArray right = rows.get(new NDIndex(":, :, :, {}:-1", -p - 1)).flip(3);
        return concat3(left, rows, right, 3);
    }

    private static NDArray concat3(NDArray a, NDArray b, NDArray c, int axis) {
        return ai.djl.ndarray.NDArrays.concat(new NDList(a, b, c), axis);
    }

    private Shape convInput(Shape in) {
        long pad = 2L * (kernel / 2);
        return new Shape(in.get(0), in.get(1), in.get(2) * upsample + pad, in.get(3) * upsample + pad);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv2d.getOutputShapes(new Shape[] {convInput(inputShapes[0])});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv2d.initialize(manager, dataType, convInput(inputShapes[0]));
    }
}
