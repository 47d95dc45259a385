package dev.lorakit.zoo.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.lorakit.lora.ndarray.ScalarOps;
import dev.lorakit.lora.nn.ParallelDropout;

/**
 * Multi-head scaled dot-product self-attention, Hugging Face's {@code BertSelfAttention}
 * ({@code encoder.layer.N.attention.self}). Children: {@code query}, {@code key},
 * {@code value} (DJL {@link Linear}, the usual LoRA targets) and {@code dropout} on the
 * attention probabilities.
 *
 * <p>Input: {@code (hidden (B, T, H)[, maskBias (B, 1, 1, T)])} where the mask bias is 0 for real
 * tokens and a large negative number for padding; without it every token attends to every token
 * (what a zero bias would give, without the pass over the scores). Output: the context
 * {@code (B, T, H)}.
 */
public final class BertSelfAttention extends AbstractBlock {

    private final int numHeads;
    private final int headSize;
    private final float scale;
    private Linear query;
    private Linear key;
    private Linear value;
    private final ParallelDropout dropout;

    BertSelfAttention(BertConfig config) {
        numHeads = config.numAttentionHeads();
        headSize = config.headSize();
        scale = (float) (1 / Math.sqrt(headSize));
        query = addChildBlock("query", linear(config.hiddenSize()));
        key = addChildBlock("key", linear(config.hiddenSize()));
        value = addChildBlock("value", linear(config.hiddenSize()));
        dropout =
                addChildBlock(
                        "dropout",
                        new ParallelDropout(config.attentionProbsDropoutProb()));
    }

    static Linear linear(int units) {
        return Linear.builder().setUnits(units).build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray hidden = inputs.get(0);
        NDArray maskBias = inputs.size() > 1 ? inputs.get(1) : null;
        NDList in = new NDList(hidden);
        // The 1/sqrt(d) scale goes on q (B, T, H), not on the scores (B, heads, T, T): the same
        // product with half the elements to scale, forward and backward (transformers' SDPA
        // path scales q and k the same way).
        NDArray q = heads(ScalarOps.mul(query.forward(ps, in, training).head(), scale));
        NDArray k = heads(key.forward(ps, in, training).head());
        NDArray v = heads(value.forward(ps, in, training).head());
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
        if (maskBias != null) {
            NDArray raw = scores;
            scores = raw.add(maskBias);
            // Neither add nor softmax keeps its input for backward: free it now, not at the
            // end of the step, so the allocator reuses the memory.
            raw.close();
        }
        NDArray softmax = scores.softmax(-1);
        scores.close();
        NDArray probs = dropout.forward(ps, new NDList(softmax), training).head();
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
