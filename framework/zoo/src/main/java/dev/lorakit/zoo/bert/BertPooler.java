package dev.lorakit.zoo.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code tanh(dense(hidden[:, 0]))}: Hugging Face's {@code BertPooler} ({@code pooler}), the
 * first token's state through one dense layer. Input {@code (B, T, H)}, output {@code (B, H)}.
 */
public final class BertPooler extends AbstractBlock {

    private Linear dense;

    BertPooler(int hiddenSize) {
        dense = addChildBlock("dense", BertSelfAttention.linear(hiddenSize));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray first = inputs.head().get(new NDIndex(":, 0, :"));
        return new NDList(dense.forward(ps, new NDList(first), training).head().tanh());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(2))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        dense.initialize(manager, dataType, getOutputShapes(inputShapes));
    }
}
