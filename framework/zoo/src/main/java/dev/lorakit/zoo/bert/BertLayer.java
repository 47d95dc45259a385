package dev.lorakit.zoo.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One post-LayerNorm transformer layer, Hugging Face's {@code BertLayer}
 * ({@code encoder.layer.N}). Children: {@code attention} (itself {@code self} + {@code output}),
 * {@code intermediate} ({@code dense} + exact GELU) and {@code output}.
 *
 * <p>Input and output: {@code (hidden (B, T, H)[, maskBias (B, 1, 1, T)])}, the bias left out
 * when no position is padding (see {@link BertSelfAttention}); the mask is passed through so that layers chain in a plain {@link ai.djl.nn.SequentialBlock}, whose children
 * {@code ModuleTree} addresses by index as PyTorch's {@code ModuleList}.
 */
public final class BertLayer extends AbstractBlock {

    private final Attention attention;
    private final Intermediate intermediate;
    private final ResidualOutput output;

    BertLayer(BertConfig config) {
        attention = addChildBlock("attention", new Attention(config));
        intermediate = addChildBlock("intermediate", new Intermediate(config.intermediateSize()));
        output =
                addChildBlock(
                        "output",
                        new ResidualOutput(
                                config.hiddenSize(),
                                config.layerNormEps(),
                                config.hiddenDropoutProb()));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray attended = attention.forward(ps, inputs, training).head();
        NDArray inner = intermediate.forward(ps, new NDList(attended), training).head();
        NDArray out = output.forward(ps, new NDList(inner, attended), training).head();
        return inputs.size() > 1 ? new NDList(out, inputs.get(1)) : new NDList(out);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        attention.initialize(manager, dataType, inputShapes);
        Shape hidden = inputShapes[0];
        intermediate.initialize(manager, dataType, hidden);
        Shape inner = intermediate.getOutputShapes(new Shape[] {hidden})[0];
        output.initialize(manager, dataType, inner, hidden);
    }

    /** Hugging Face's {@code BertAttention}: {@code self} then {@code output}. */
    public static final class Attention extends AbstractBlock {

        private final BertSelfAttention self;
        private final ResidualOutput output;

        Attention(BertConfig config) {
            self = addChildBlock("self", new BertSelfAttention(config));
            output =
                    addChildBlock(
                            "output",
                            new ResidualOutput(
                                    config.hiddenSize(),
                                    config.layerNormEps(),
                                    config.hiddenDropoutProb()));
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps,
                NDList inputs,
                boolean training,
                PairList<String, Object> params) {
            NDArray context = self.forward(ps, inputs, training).head();
            return output.forward(ps, new NDList(context, inputs.get(0)), training);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0]};
        }

        @Override
        protected void initializeChildBlocks(
                NDManager manager, DataType dataType, Shape... inputShapes) {
            self.initialize(manager, dataType, inputShapes);
            output.initialize(manager, dataType, inputShapes[0], inputShapes[0]);
        }
    }

    /** Hugging Face's {@code BertIntermediate}: {@code dense} then exact (erf) GELU. */
    public static final class Intermediate extends AbstractBlock {

        private Linear dense;

        Intermediate(int intermediateSize) {
            dense = addChildBlock("dense", BertSelfAttention.linear(intermediateSize));
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps,
                NDList inputs,
                boolean training,
                PairList<String, Object> params) {
            return new NDList(Activation.gelu(dense.forward(ps, inputs, training).head()));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return dense.getOutputShapes(inputShapes);
        }

        @Override
        protected void initializeChildBlocks(
                NDManager manager, DataType dataType, Shape... inputShapes) {
            dense.initialize(manager, dataType, inputShapes);
        }
    }
}
