package dev.lorakit.zoo.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * fast_neural_style's {@code ResidualBlock}: {@code x + in2(conv2(relu(in1(conv1(x)))))} with
 * 3×3 reflection-padded convolutions that keep the channel count (children {@code conv1},
 * {@code in1}, {@code conv2}, {@code in2}).
 */
public final class ResidualBlock extends AbstractBlock {

    private final ConvLayer conv1;
    private final InstanceNorm2d in1;
    private final ConvLayer conv2;
    private final InstanceNorm2d in2;

    /**
     * A residual block.
     *
     * @param channels input and output channels
     */
    public ResidualBlock(int channels) {
        super((byte) 1);
        conv1 = addChildBlock("conv1", new ConvLayer(channels, 3, 1, 1));
        in1 = addChildBlock("in1", new InstanceNorm2d(channels));
        conv2 = addChildBlock("conv2", new ConvLayer(channels, 3, 1, 1));
        in2 = addChildBlock("in2", new InstanceNorm2d(channels));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDList y = in1.forward(ps, conv1.forward(ps, inputs, training), training);
        y = new NDList(Activation.relu(y.head()));
        y = in2.forward(ps, conv2.forward(ps, y, training), training);
        return new NDList(x.add(y.head()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv1.initialize(manager, dataType, inputShapes);
        in1.initialize(manager, dataType, inputShapes);
        conv2.initialize(manager, dataType, inputShapes);
        in2.initialize(manager, dataType, inputShapes);
    }
}
