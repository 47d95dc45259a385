package dev.lorakit.zoo.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.lorakit.lora.nn.ParallelDropout;

/**
 * {@code LayerNorm(dropout(dense(x)) + residual)}: Hugging Face's {@code BertSelfOutput} (under
 * {@code attention.output}) and {@code BertOutput} (under {@code output}), which are the same
 * computation. Children: {@code dense}, {@code LayerNorm}, {@code dropout}.
 *
 * <p>Input: {@code (x, residual)}; output: one array shaped like {@code residual}.
 */
public final class ResidualOutput extends AbstractBlock {

    private Linear dense;
    private final LayerNorm layerNorm;
    private final ParallelDropout dropout;

    ResidualOutput(int hiddenSize, float layerNormEps, float dropoutRate) {
        dense = addChildBlock("dense", Linear.builder().setUnits(hiddenSize).build());
        layerNorm =
                addChildBlock(
                        "LayerNorm", LayerNorm.builder().axis(2).optEpsilon(layerNormEps).build());
        dropout = addChildBlock("dropout", new ParallelDropout(dropoutRate));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray projected = dense.forward(ps, new NDList(inputs.get(0)), training).head();
        NDArray dropped = dropout.forward(ps, new NDList(projected), training).head();
        NDArray sum = dropped.add(inputs.get(1));
        // Dropout and add keep no input for backward (LayerNorm keeps the sum): free both now
        // rather than at the end of the step, so the next layers reuse their memory.
        projected.close();
        dropped.close();
        return layerNorm.forward(ps, new NDList(sum), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[1]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        dense.initialize(manager, dataType, inputShapes[0]);
        dropout.initialize(manager, dataType, inputShapes[1]);
        layerNorm.initialize(manager, dataType, inputShapes[1]);
    }
}
