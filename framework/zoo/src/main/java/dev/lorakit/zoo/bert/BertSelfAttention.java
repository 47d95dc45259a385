package dev.lorakit.zoo.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.lorakit.lora.ndarray.ScalarOps;

/**
 * Multi-head scaled dot-product self-attention, Hugging Face's {@code BertSelfAttention}
 * ({@code encoder.layer.N.attention.self}). Children: {@code query}, {@code key},
 * {@code value} (DJL {@link Linear}, the usual LoRA targets) and {@code dropout} on the
 * attention probabilities.
 *
 * <p>Input: {@code (hidden (B, T, H), maskBias (B, 1, 1, T))} where the mask bias is 0 for real
 * tokens and a large negative number for padding; output: the context {@code (B, T, H)}.
 */
public final class BertSelfAttention extends AbstractBlock {

    private final int numHeads;
    private final int headSize;
    private Linear query;
    private Linear key;
    private Linear value;
    private final Dropout dropout;

    BertSelfAttention(BertConfig config) {
        numHeads = config.numAttentionHeads();
        headSize = config.headSize();
        query = addChildBlock("query", linear(config.hiddenSize()));
        key = addChildBlock("key", linear(config.hiddenSize()));
        value = addChildBlock("value", linear(config.hiddenSize()));
        dropout =
                addChildBlock(
                        "dropout",
                        Dropout.builder().optRate(config.attentionProbsDropoutProb()).build());
    }

    static Linear linear(int units) {
        return Linear.builder().setUnits(units).build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray hidden = inputs.get(0);
        NDArray maskBias = inputs.get(1);
        NDList in = new NDList(hidden);
        NDArray q = heads(query.forward(ps, in, training).head());
        NDArray k = heads(key.forward(ps, in, training).head());
        NDArray v = heads(value.forward(ps, in, training).head());
        NDArray scores =
                ScalarOps.div(q.matMul(k.transpose(0, 1, 3, 2)), Math.sqrt(headSize)).add(maskBias);
        NDArray probs = dropout.forward(ps, new NDList(scores.softmax(-1)), training).head();
        Shape s = hidden.getShape();
        return new NDList(probs.matMul(v).transpose(0, 2, 1, 3).reshape(s));
    }

    /** (B, T, H) → (B, heads, T, headSize). */
    private NDArray heads(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), numHeads, headSize).transpose(0, 2, 1, 3);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        query.initialize(manager, dataType, inputShapes[0]);
        key.initialize(manager, dataType, inputShapes[0]);
        value.initialize(manager, dataType, inputShapes[0]);
        Shape s = inputShapes[0];
        dropout.initialize(manager, dataType, new Shape(s.get(0), numHeads, s.get(1), s.get(1)));
    }
}
