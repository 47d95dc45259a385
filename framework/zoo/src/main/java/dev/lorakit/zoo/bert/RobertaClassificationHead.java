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
import dev.lorakit.lora.nn.ParallelDropout;

/**
 * Hugging Face's {@code RobertaClassificationHead} ({@code classifier} of {@code
 * RobertaForSequenceClassification}): the {@code <s>} token's state through {@code dropout},
 * {@code dense} (H → H), tanh, {@code dropout} and {@code out_proj} (H → labels). Children
 * {@code dense}, {@code dropout}, {@code out_proj}, so its parameters read {@code
 * classifier.dense.weight}, {@code classifier.out_proj.bias}, as PEFT's {@code modules_to_save}
 * keys do. Input {@code last_hidden_state (B, T, H)}, output logits {@code (B, labels)}.
 */
public final class RobertaClassificationHead extends AbstractBlock {

    private Linear dense;
    private final ParallelDropout dropout;
    private Linear outProj;
    private final int hiddenSize;
    private final int numLabels;

    RobertaClassificationHead(int hiddenSize, int numLabels, float dropoutRate) {
        this.hiddenSize = hiddenSize;
        this.numLabels = numLabels;
        dense = addChildBlock("dense", Linear.builder().setUnits(hiddenSize).build());
        dropout = addChildBlock("dropout", new ParallelDropout(dropoutRate));
        outProj = addChildBlock("out_proj", Linear.builder().setUnits(numLabels).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray first = inputs.head().get(new NDIndex(":, 0, :"));
        NDArray x = dropout.forward(ps, new NDList(first), training).head();
        x = dense.forward(ps, new NDList(x), training).head().tanh();
        x = dropout.forward(ps, new NDList(x), training).head();
        return outProj.forward(ps, new NDList(x), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), numLabels)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape vector = new Shape(inputShapes[0].get(0), hiddenSize);
        dense.initialize(manager, dataType, vector);
        dropout.initialize(manager, dataType, vector);
        outProj.initialize(manager, dataType, vector);
    }
}
