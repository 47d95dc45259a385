package dev.lorakit.plugins.dqn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The Q-network: an MLP of {@link Linear} layers named {@code fc1 ... fcN} and {@code q} (the
 * LoRA targets this plugin declares), with ReLU between them, as CleanRL's {@code QNetwork}
 * ({@code 4 -> 120 -> 84 -> 2} for CartPole).
 *
 * <p>The forward pass walks the child list in order rather than holding fields, so a child
 * swapped by {@code ModuleTree.replace} (a {@code LoraLinear}) is used from then on. Weights and
 * biases start as PyTorch's {@code nn.Linear} does: uniform in {@code ±1/sqrt(fan_in)}.
 */
public final class QNetwork extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int observationSize;
    private final int actions;

    private QNetwork(Builder builder) {
        super(VERSION);
        this.observationSize = builder.observationSize;
        this.actions = builder.actions;
        int fanIn = observationSize;
        for (int i = 0; i < builder.hiddenSizes.size(); i++) {
            int units = builder.hiddenSizes.get(i);
            addChildBlock("fc" + (i + 1), torchInitialized(Linear.builder().setUnits(units).build(), fanIn));
            fanIn = units;
        }
        addChildBlock("q", torchInitialized(Linear.builder().setUnits(actions).build(), fanIn));
    }

    private static Linear torchInitialized(Linear linear, int fanIn) {
        UniformInitializer init = new UniformInitializer((float) (1 / Math.sqrt(fanIn)));
        // Only the layer's own weight and bias: adapters injected later keep their own init.
        linear.setInitializer(init, (Parameter p) -> p.getType() == Parameter.Type.WEIGHT
                || p.getType() == Parameter.Type.BIAS);
        return linear;
    }

    /**
     * A builder; observation size, hidden sizes and action count are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sets every layer's weight and bias to PyTorch's {@code nn.Linear} init, {@code
     * U(-1/sqrt(fan_in), 1/sqrt(fan_in))}, drawn from {@code random}: the engine's generator is
     * global and may not be seeded yet when a task is built, so a run seeds its network here.
     *
     * @param random the run's generator for the network
     */
    public void initializeWeights(java.util.Random random) {
        for (Block layer : layers()) {
            for (ai.djl.util.Pair<String, Parameter> p : layer.getDirectParameters()) {
                Parameter parameter = p.getValue();
                if (parameter.getType() != Parameter.Type.WEIGHT && parameter.getType() != Parameter.Type.BIAS) {
                    continue;
                }
                NDArray array = parameter.getArray();
                long fanIn = parameter.getType() == Parameter.Type.WEIGHT
                        ? array.getShape().get(1)
                        : layer.getDirectParameters().get("weight").getArray().getShape().get(1);
                double bound = 1 / Math.sqrt(fanIn);
                float[] values = new float[Math.toIntExact(array.size())];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
                }
                array.set(values);
            }
        }
    }

    /**
     * The layers in forward order ({@code fc1 ... fcN, q}), including any swapped-in adapters.
     *
     * @return the layer blocks
     */
    public List<Block> layers() {
        return children.values();
    }

    /**
     * The layer names in forward order.
     *
     * @return {@code fc1 ... fcN, q}
     */
    public List<String> layerNames() {
        List<String> names = new ArrayList<>();
        for (String key : children.keys()) {
            names.add(key.replaceFirst("^\\d+", ""));
        }
        return names;
    }

    /**
     * The observation size the network takes.
     *
     * @return the input features
     */
    public int observationSize() {
        return observationSize;
    }

    /**
     * The number of discrete actions.
     *
     * @return the output size
     */
    public int actions() {
        return actions;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        List<Block> layers = layers();
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).forward(parameterStore, new NDList(x), training, params).singletonOrThrow();
            if (i < layers.size() - 1) {
                x = Activation.relu(x);
            }
        }
        return new NDList(x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), actions)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shape = inputShapes[0];
        for (Block layer : layers()) {
            layer.initialize(manager, dataType, shape);
            shape = layer.getOutputShapes(new Shape[] {shape})[0];
        }
    }

    /** Builds a {@link QNetwork}. */
    public static final class Builder {
        private int observationSize;
        private List<Integer> hiddenSizes;
        private int actions;

        private Builder() {}

        /**
         * Sets the observation size (required).
         *
         * @param size features per observation, >= 1
         * @return this builder
         */
        public Builder setObservationSize(int size) {
            this.observationSize = size;
            return this;
        }

        /**
         * Sets the hidden layer widths (required), one {@code fcN} layer each.
         *
         * @param sizes widths, each >= 1; may be empty for a linear Q-function
         * @return this builder
         */
        public Builder setHiddenSizes(List<Integer> sizes) {
            this.hiddenSizes = List.copyOf(sizes);
            return this;
        }

        /**
         * Sets the number of discrete actions (required).
         *
         * @param actions >= 1
         * @return this builder
         */
        public Builder setActions(int actions) {
            this.actions = actions;
            return this;
        }

        /**
         * Validates and builds the network (parameters are created by {@code initialize}).
         *
         * @return the network
         */
        public QNetwork build() {
            if (observationSize < 1) {
                throw new IllegalArgumentException("Q-network observation size must be >= 1, got " + observationSize);
            }
            if (hiddenSizes == null || hiddenSizes.stream().anyMatch(h -> h == null || h < 1)) {
                throw new IllegalArgumentException("Q-network hidden sizes must all be >= 1, got " + hiddenSizes);
            }
            if (actions < 1) {
                throw new IllegalArgumentException("Q-network action count must be >= 1, got " + actions);
            }
            return new QNetwork(this);
        }
    }
}
