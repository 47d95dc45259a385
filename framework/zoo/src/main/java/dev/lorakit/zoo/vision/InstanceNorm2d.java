package dev.lorakit.zoo.vision;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code InstanceNorm2d(channels, affine=True)}: each picture's each channel is
 * normalised over its own {@code H × W} pixels (biased variance, {@code eps = 1e-5}), then
 * scaled by {@code weight} and shifted by {@code bias}. No running statistics are kept, as in
 * PyTorch's default ({@code track_running_stats=False}), so training and inference agree.
 * DJL has no instance norm block; fast style transfer needs one because batch statistics would
 * mix the contrast of different pictures.
 */
public final class InstanceNorm2d extends AbstractBlock {

    private static final float EPS = 1e-5f;

    private final int channels;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * An instance norm over {@code channels} channels.
     *
     * @param channels the number of channels, positive
     */
    public InstanceNorm2d(int channels) {
        super((byte) 1);
        if (channels <= 0) {
            throw new IllegalArgumentException("InstanceNorm2d channels must be positive, got " + channels);
        }
        this.channels = channels;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(channels)).optInitializer(Initializer.ONES).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BETA)
                .optShape(new Shape(channels)).optInitializer(Initializer.ZEROS).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (x.getShape().dimension() != 4 || x.getShape().get(1) != channels) {
            throw new IllegalArgumentException(
                    "InstanceNorm2d(" + channels + ") needs (N, " + channels + ", H, W) input, got " + x.getShape());
        }
        Device device = x.getDevice();
        Shape shape = x.getShape();
        // PyTorch's engine in DJL reduces over one axis at a time: flatten the pixels first.
        NDArray flat = x.reshape(shape.get(0), channels, -1);
        NDArray centred = flat.sub(flat.mean(new int[] {2}, true));
        NDArray var = centred.square().mean(new int[] {2}, true);
        NDArray normed = centred.div(var.add(EPS).sqrt()).reshape(shape);
        NDArray gamma = parameterStore.getValue(weight, device, training).reshape(1, channels, 1, 1);
        NDArray beta = parameterStore.getValue(bias, device, training).reshape(1, channels, 1, 1);
        return new NDList(normed.mul(gamma).add(beta));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
