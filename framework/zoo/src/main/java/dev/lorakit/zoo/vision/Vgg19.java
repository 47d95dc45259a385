package dev.lorakit.zoo.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The convolutional part of VGG19 (configuration "E") in torchvision's layout: one child
 * {@code features}, a sequence of 37 layers whose convolutions carry torchvision's keys {@code
 * features.0.weight} … {@code features.34.bias}, so a torchvision/timm {@code vgg19} state dict
 * converted to safetensors loads by name (see {@link VisionWeights}).
 *
 * <p>Layers also have the names of the style-transfer literature ({@code conv4_2}, {@code
 * relu5_1}, {@code pool3}); {@link #extract} returns activations at such layers and stops after
 * the deepest one requested.
 *
 * <pre>{@code
 * Vgg19 vgg = Vgg19.builder().build();
 * vgg.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
 * VisionWeights.load(vgg, Path.of("vgg19.safetensors"), key -> key.startsWith("classifier."));
 * NDList acts = vgg.extract(ps, image, false, List.of("conv4_2", "conv5_1"));
 * }</pre>
 */
public final class Vgg19 extends AbstractBlock {

    /** Output channels of the 16 convolutions, grouped by block; {@code 0} marks a max-pool. */
    private static final int[] CONFIG = {
        64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0
    };

    private static final List<String> LAYER_NAMES = buildLayerNames();
    private static final Map<String, Integer> LAYER_INDEX = layerIndex();

    /** How the feature maps are down-sampled between blocks. */
    public enum Pooling {
        /** torchvision's {@code MaxPool2d(2, 2)}. */
        MAX,
        /** Average pooling, which Gatys et al. found gives smoother style images. */
        AVERAGE
    }

    private final SequentialBlock features;

    private Vgg19(Builder builder) {
        super((byte) 1);
        features = new SequentialBlock();
        for (int c : CONFIG) {
            if (c == 0) {
                features.add(
                        builder.pooling == Pooling.MAX
                                ? Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2))
                                : Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            } else {
                features.add(
                        Conv2d.builder()
                                .setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1))
                                .setFilters(Math.max(1, c / builder.widthDivisor))
                                .build());
                features.add(Activation.reluBlock());
            }
        }
        addChildBlock("features", features);
    }

    /**
     * A builder with torchvision's defaults (full width, max pooling).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Layer names in order: {@code conv1_1, relu1_1, conv1_2, relu1_2, pool1, conv2_1, …,
     * pool5}; the position of a name is its index in {@code features}.
     *
     * @return the 37 names
     */
    public static List<String> layerNames() {
        return LAYER_NAMES;
    }

    private static List<String> buildLayerNames() {
        List<String> names = new ArrayList<>();
        int block = 1;
        int conv = 1;
        for (int c : CONFIG) {
            if (c == 0) {
                names.add("pool" + block);
                block++;
                conv = 1;
            } else {
                names.add("conv" + block + "_" + conv);
                names.add("relu" + block + "_" + conv);
                conv++;
            }
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * The index in {@code features} of a named layer ({@code conv4_2} → 21), which is also the
     * module path segment ({@code features.21}).
     *
     * @param layer a name from {@link #layerNames()}
     * @return its index
     */
    public static int layerIndex(String layer) {
        Integer index = LAYER_INDEX.get(layer);
        if (index == null) {
            throw new IllegalArgumentException(
                    "Unknown VGG19 layer '" + layer + "'; layers are " + LAYER_NAMES);
        }
        return index;
    }

    /**
     * The sequence of 37 layers (torchvision's {@code vgg19().features}).
     *
     * @return the features block
     */
    public SequentialBlock features() {
        return features;
    }

    /**
     * Runs the network up to the deepest requested layer and returns the activation after each
     * requested layer, in the order requested.
     *
     * @param parameterStore where parameters are read (a learner's or a fresh one)
     * @param image a {@code (N, 3, H, W)} batch, normalised as the weights expect
     * @param training whether to run in training mode
     * @param layers names from {@link #layerNames()}
     * @return one activation per requested layer
     */
    public NDList extract(ParameterStore parameterStore, NDArray image, boolean training, List<String> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("extract needs at least one layer; layers are " + LAYER_NAMES);
        }
        int[] wanted = new int[layers.size()];
        int deepest = 0;
        for (int i = 0; i < wanted.length; i++) {
            wanted[i] = layerIndex(layers.get(i));
            deepest = Math.max(deepest, wanted[i]);
        }
        NDArray[] byIndex = new NDArray[deepest + 1];
        NDList x = new NDList(image);
        List<Block> blocks = features.getChildren().values();
        for (int i = 0; i <= deepest; i++) {
            x = blocks.get(i).forward(parameterStore, x, training);
            byIndex[i] = x.singletonOrThrow();
        }
        NDList out = new NDList(wanted.length);
        for (int w : wanted) {
            out.add(byIndex[w]);
        }
        return out;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return features.forward(parameterStore, inputs, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return features.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        features.initialize(manager, dataType, inputShapes);
    }

    private static Map<String, Integer> layerIndex() {
        Map<String, Integer> index = new LinkedHashMap<>();
        List<String> names = LAYER_NAMES;
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        return Collections.unmodifiableMap(index);
    }

    /** Builds a {@link Vgg19}. */
    public static final class Builder {
        private int widthDivisor = 1;
        private Pooling pooling = Pooling.MAX;

        private Builder() {}

        /**
         * Divides every layer's channel count, for small test networks with the same keys and
         * depth (torchvision weights need the default, 1).
         *
         * @param widthDivisor a power of two from 1 to 64
         * @return this builder
         */
        public Builder optWidthDivisor(int widthDivisor) {
            if (widthDivisor < 1 || widthDivisor > 64 || Integer.bitCount(widthDivisor) != 1) {
                throw new IllegalArgumentException(
                        "VGG19 width divisor must be a power of two in [1, 64], got " + widthDivisor);
            }
            this.widthDivisor = widthDivisor;
            return this;
        }

        /**
         * Chooses max (torchvision) or average pooling.
         *
         * @param pooling the pooling
         * @return this builder
         */
        public Builder optPooling(Pooling pooling) {
            this.pooling = java.util.Objects.requireNonNull(pooling, "pooling");
            return this;
        }

        /**
         * Builds the network (uninitialised).
         *
         * @return the network
         */
        public Vgg19 build() {
            return new Vgg19(this);
        }
    }
}
