package dev.lorakit.zoo.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.lorakit.lora.ModuleTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small image classifier in torchvision's VGG style: {@code features} (per stage two 3×3
 * {@code Conv2d} + ReLU, then a 2×2 max-pool) and {@code classifier} ({@code Linear}, ReLU,
 * dropout, {@code Linear}), the feature map flattened in between. With stages of 32 and 64
 * channels, hidden 128 and 28×28 inputs it has 467,818 parameters.
 *
 * <p>Paths follow {@link ModuleTree}: convolutions are {@code features.0}, {@code features.2},
 * {@code features.5}, …; the linear layers are {@code classifier.0} and {@code classifier.3}.
 * {@link #convolutionPaths()} and {@link #linearPaths()} list them for LoRA targets.
 *
 * <pre>{@code
 * SmallCnn cnn = SmallCnn.builder().setNumClasses(10).optChannels(32, 64).build();
 * cnn.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
 * }</pre>
 */
public final class SmallCnn extends AbstractBlock {

    private final SequentialBlock features;
    private final SequentialBlock classifier;
    private final List<String> convolutionPaths = new ArrayList<>();
    private final List<String> linearPaths = new ArrayList<>();

    private SmallCnn(Builder b) {
        super((byte) 1);
        features = new SequentialBlock();
        for (int channels : b.channels) {
            for (int k = 0; k < 2; k++) {
                convolutionPaths.add("features." + features.getChildren().size());
                features.add(
                        Conv2d.builder()
                                .setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1))
                                .setFilters(channels)
                                .build());
                features.add(Activation.reluBlock());
            }
            features.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        classifier = new SequentialBlock();
        linearPaths.add("classifier.0");
        classifier.add(Linear.builder().setUnits(b.hidden).build());
        classifier.add(Activation.reluBlock());
        classifier.add(Dropout.builder().optRate(b.dropout).build());
        linearPaths.add("classifier.3");
        classifier.add(Linear.builder().setUnits(b.numClasses).build());
        addChildBlock("features", features);
        addChildBlock("classifier", classifier);
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Module paths of the convolutions ({@code features.0}, {@code features.2}, …).
     *
     * @return the paths
     */
    public List<String> convolutionPaths() {
        return List.copyOf(convolutionPaths);
    }

    /**
     * Module paths of the linear layers ({@code classifier.0}, {@code classifier.3}).
     *
     * @return the paths
     */
    public List<String> linearPaths() {
        return List.copyOf(linearPaths);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray maps = features.forward(parameterStore, inputs, training, params).singletonOrThrow();
        NDArray flat = maps.reshape(maps.getShape().get(0), -1);
        return classifier.forward(parameterStore, new NDList(flat), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape maps = features.getOutputShapes(inputShapes)[0];
        return classifier.getOutputShapes(new Shape[] {flatShape(maps)});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        features.initialize(manager, dataType, inputShapes);
        Shape maps = features.getOutputShapes(inputShapes)[0];
        classifier.initialize(manager, dataType, flatShape(maps));
    }

    private static Shape flatShape(Shape maps) {
        return new Shape(maps.get(0), maps.size() / maps.get(0));
    }

    /** Builds a {@link SmallCnn}. */
    public static final class Builder {
        private int numClasses;
        private int[] channels = {32, 64};
        private int hidden = 128;
        private float dropout = 0.25f;

        private Builder() {}

        /**
         * The number of classes (output units).
         *
         * @param numClasses at least 2
         * @return this builder
         */
        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Output channels of each stage (two convolutions and a pool per stage).
         *
         * @param channels one positive count per stage, at least one stage
         * @return this builder
         */
        public Builder optChannels(int... channels) {
            this.channels = channels.clone();
            return this;
        }

        /**
         * Units of the hidden linear layer.
         *
         * @param hidden positive
         * @return this builder
         */
        public Builder optHidden(int hidden) {
            this.hidden = hidden;
            return this;
        }

        /**
         * Dropout rate before the output layer.
         *
         * @param dropout in {@code [0, 1)}
         * @return this builder
         */
        public Builder optDropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the network (uninitialised)
         */
        public SmallCnn build() {
            if (numClasses < 2) {
                throw new IllegalArgumentException("SmallCnn needs setNumClasses(>= 2), got " + numClasses);
            }
            if (channels.length == 0 || Arrays.stream(channels).anyMatch(c -> c <= 0)) {
                throw new IllegalArgumentException(
                        "SmallCnn channels must be one positive count per stage, got " + Arrays.toString(channels));
            }
            if (hidden <= 0) {
                throw new IllegalArgumentException("SmallCnn hidden units must be positive, got " + hidden);
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("SmallCnn dropout must be in [0, 1), got " + dropout);
            }
            return new SmallCnn(this);
        }
    }
}
