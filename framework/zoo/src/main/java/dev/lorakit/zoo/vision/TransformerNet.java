package dev.lorakit.zoo.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.lorakit.lora.io.SafetensorsFile;
import dev.lorakit.zoo.weights.HostTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.lorakit.lora.ndarray.ScalarOps;

/**
 * The image transformation network of Johnson, Alahi and Fei-Fei (2016) as PyTorch's
 * examples/fast_neural_style {@code TransformerNet}, with its parameter names: {@code conv1}
 * (9×9) {@code in1}, {@code conv2}, {@code in2}, {@code conv3}, {@code in3} (stride-2 down),
 * {@code res1} … {@code res5}, {@code deconv1}, {@code in4}, {@code deconv2}, {@code in5}
 * (nearest ×2 up-sampling then 3×3) and {@code deconv3} (9×9 to RGB); ReLU after every norm.
 * Every convolution is a {@code <name>.conv2d} {@link ai.djl.nn.convolutional.Conv2d}, so the
 * LoRA target {@code conv2d} (a path suffix) adapts all of them.
 *
 * <p>Pictures are {@code (N, 3, H, W)} in {@code [0, 1]} (PyTorch's example uses 0–255), and
 * {@code H, W} should be multiples of 4 so that the up-sampled output has the input's size. The
 * output is {@link Output#LINEAR} by default, unbounded as in PyTorch's example (whose weights
 * then load and behave as there), or {@link Output#TANH}, Johnson et al.'s scaled tanh mapped to
 * {@code [0, 1]}. The bound matters when the loss network cannot tell real colours from
 * out-of-range ones: with a random-weight VGG19 an unbounded network learns to lower its style
 * loss by pushing channels far outside {@code [0, 1]} (saturated pictures, docs/vision.md).
 * Saved weights record the choice in their metadata under {@value #OUTPUT_METADATA_KEY}.
 *
 * <pre>{@code
 * TransformerNet net = TransformerNet.builder().build();            // 32, 64, 128 channels, 5 residual blocks
 * net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 256, 256));
 * NDArray styled = net.forward(ps, new NDList(picture), false).head();
 * }</pre>
 */
public final class TransformerNet extends AbstractBlock {

    /** The safetensors metadata key that records a saved network's {@link Output}. */
    public static final String OUTPUT_METADATA_KEY = "transformer_net.output";

    /** What the last convolution's output goes through. */
    public enum Output {
        /** Nothing: unbounded, as PyTorch's examples/fast_neural_style. */
        LINEAR("linear"),
        /** {@code (tanh(x) + 1) / 2}: always in {@code [0, 1]}, as Johnson et al.'s scaled tanh. */
        TANH("tanh");

        private final String id;

        Output(String id) {
            this.id = id;
        }

        /**
         * The name used in configs and metadata.
         *
         * @return {@code linear} or {@code tanh}
         */
        public String id() {
            return id;
        }

        /**
         * Parses a config or metadata value.
         *
         * @param value {@code linear} or {@code tanh}
         * @param where the key or file the value came from, for the error
         * @return the output
         * @throws IllegalArgumentException naming {@code where}, the value and what is allowed
         */
        public static Output parse(String value, String where) {
            for (Output o : values()) {
                if (o.id.equals(value)) {
                    return o;
                }
            }
            throw new IllegalArgumentException(where + ": unknown TransformerNet output '" + value
                    + "' (allowed: linear, tanh)");
        }
    }

    private final List<Block> layers = new ArrayList<>();
    private final int[] channels;
    private final int residualBlocks;
    private final Output output;

    private TransformerNet(Builder b) {
        super((byte) 1);
        this.channels = b.channels.clone();
        this.residualBlocks = b.residualBlocks;
        this.output = b.output;
        int c1 = channels[0];
        int c2 = channels[1];
        int c3 = channels[2];
        add("conv1", new ConvLayer(c1, 9, 1, 1));
        add("in1", new InstanceNorm2d(c1));
        add("conv2", new ConvLayer(c2, 3, 2, 1));
        add("in2", new InstanceNorm2d(c2));
        add("conv3", new ConvLayer(c3, 3, 2, 1));
        add("in3", new InstanceNorm2d(c3));
        for (int i = 1; i <= residualBlocks; i++) {
            add("res" + i, new ResidualBlock(c3));
        }
        add("deconv1", new ConvLayer(c2, 3, 1, 2));
        add("in4", new InstanceNorm2d(c2));
        add("deconv2", new ConvLayer(c1, 3, 1, 2));
        add("in5", new InstanceNorm2d(c1));
        add("deconv3", new ConvLayer(3, 9, 1, 1));
    }

    private void add(String name, Block block) {
        layers.add(addChildBlock(name, block));
    }

    /**
     * A builder with the PyTorch example's sizes.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder whose sizes are read off a state dict's shapes ({@code conv1.conv2d.weight},
     * {@code conv2...}, {@code conv3...} and the {@code resN.} keys), so a weights file needs
     * no separate description of its network.
     *
     * @param tensors the weights by PyTorch name
     * @param source where they came from, for error messages
     * @return a builder for the network those weights fit
     * @throws IllegalArgumentException when the keys are not a TransformerNet's
     */
    public static Builder builderFor(Map<String, HostTensor> tensors, String source) {
        int[] c = new int[3];
        for (int i = 0; i < 3; i++) {
            String key = "conv" + (i + 1) + ".conv2d.weight";
            HostTensor t = tensors.get(key);
            if (t == null || t.shape().length != 4) {
                throw new IllegalArgumentException(source + " is not a TransformerNet state dict: no 4-D '" + key
                        + "' (keys start with " + tensors.keySet().stream().limit(5).toList() + ")");
            }
            c[i] = (int) t.shape()[0];
        }
        int res = 0;
        while (tensors.containsKey("res" + (res + 1) + ".conv1.conv2d.weight")) {
            res++;
        }
        return builder().optChannels(c[0], c[1], c[2]).optResidualBlocks(res);
    }

    /**
     * Channels after {@code conv1}, {@code conv2} and {@code conv3}.
     *
     * @return a copy of the three counts
     */
    public int[] channels() {
        return channels.clone();
    }

    /**
     * The number of residual blocks.
     *
     * @return the count
     */
    public int residualBlocks() {
        return residualBlocks;
    }

    /**
     * What the network's output goes through.
     *
     * @return the output kind
     */
    public Output output() {
        return output;
    }

    /**
     * The output kind a saved network records in its metadata ({@value #OUTPUT_METADATA_KEY});
     * files without it (PyTorch's example, older lorakit runs) are {@link Output#LINEAR}.
     *
     * @param file a TransformerNet safetensors file
     * @return the recorded output kind
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when the recorded value is not an output kind
     */
    public static Output outputOf(Path file) throws IOException {
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            String v = st.metadata().get(OUTPUT_METADATA_KEY);
            return v == null ? Output.LINEAR : Output.parse(v, file + " metadata " + OUTPUT_METADATA_KEY);
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        for (Block layer : layers) {
            x = layer.forward(ps, x, training);
            if (layer instanceof InstanceNorm2d) {
                x = new NDList(Activation.relu(x.head()));
            }
        }
        if (output == Output.TANH) {
            x = new NDList(ScalarOps.mul(x.head().tanh().add(1f), 0.5));
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] s = inputShapes;
        for (Block layer : layers) {
            s = layer.getOutputShapes(s);
        }
        return s;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] s = inputShapes;
        for (Block layer : layers) {
            layer.initialize(manager, dataType, s);
            s = layer.getOutputShapes(s);
        }
    }

    /** Builds a {@link TransformerNet}. */
    public static final class Builder {
        private int[] channels = {32, 64, 128};
        private int residualBlocks = 5;
        private Output output = Output.LINEAR;

        private Builder() {}

        /**
         * What the output goes through (default {@link Output#LINEAR}, PyTorch's example).
         *
         * @param output the output kind
         * @return this builder
         */
        public Builder optOutput(Output output) {
            this.output = java.util.Objects.requireNonNull(output, "output");
            return this;
        }

        /**
         * Channel counts of the three down-sampling convolutions (the example's 32, 64, 128;
         * smaller for tests and quick CPU runs).
         *
         * @param c1 after {@code conv1}
         * @param c2 after {@code conv2}
         * @param c3 after {@code conv3} and in the residual blocks
         * @return this builder
         */
        public Builder optChannels(int c1, int c2, int c3) {
            this.channels = new int[] {c1, c2, c3};
            return this;
        }

        /**
         * The number of residual blocks (the example's 5).
         *
         * @param residualBlocks >= 0
         * @return this builder
         */
        public Builder optResidualBlocks(int residualBlocks) {
            this.residualBlocks = residualBlocks;
            return this;
        }

        /**
         * Validates and builds the (uninitialised) network.
         *
         * @return the network
         */
        public TransformerNet build() {
            for (int c : channels) {
                if (c <= 0) {
                    throw new IllegalArgumentException("TransformerNet channels must be positive, got "
                            + java.util.Arrays.toString(channels));
                }
            }
            if (residualBlocks < 0) {
                throw new IllegalArgumentException("TransformerNet residual blocks must be >= 0, got " + residualBlocks);
            }
            return new TransformerNet(this);
        }
    }

    /**
     * Runs the network in inference mode on one batch.
     *
     * @param ps the parameter store
     * @param pictures {@code (N, 3, H, W)} in {@code [0, 1]}
     * @return the stylised pictures (unclamped with {@link Output#LINEAR})
     */
    public NDArray stylize(ParameterStore ps, NDArray pictures) {
        return forward(ps, new NDList(pictures), false).head();
    }
}
