package dev.lorakit.zoo.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.lorakit.lora.nn.ParallelDropout;

/**
 * Word + position + token-type embeddings, then LayerNorm and dropout: Hugging Face's
 * {@code BertEmbeddings} / {@code RobertaEmbeddings} ({@code embeddings}). Children:
 * {@code word_embeddings}, {@code position_embeddings}, {@code token_type_embeddings},
 * {@code LayerNorm}, {@code dropout}.
 *
 * <p>Input: {@code (input_ids (B, T), token_type_ids (B, T))}, int64; output {@code (B, T, H)}.
 * Position ids are {@code 0..T-1} for BERT; for RoBERTa they count real tokens from
 * {@code padding_idx + 1} and padding tokens get {@code padding_idx}, as
 * {@code create_position_ids_from_input_ids} does.
 */
public final class BertEmbeddings extends AbstractBlock {

    private final BertConfig config;
    // Typed Embedding<Long>, not the final TokenEmbedding, and not final: ModuleTree.replace swaps
    // in a LoraEmbedding (PEFT adapts embeddings.word_embeddings), which extends Embedding only.
    private Embedding<Long> wordEmbeddings;
    private Embedding<Long> positionEmbeddings;
    private Embedding<Long> tokenTypeEmbeddings;
    private final LayerNorm layerNorm;
    private final ParallelDropout dropout;

    BertEmbeddings(BertConfig config) {
        this.config = config;
        wordEmbeddings =
                addChildBlock("word_embeddings", table(config.vocabSize(), config.hiddenSize()));
        positionEmbeddings =
                addChildBlock(
                        "position_embeddings",
                        table(config.maxPositionEmbeddings(), config.hiddenSize()));
        tokenTypeEmbeddings =
                addChildBlock(
                        "token_type_embeddings",
                        table(config.typeVocabSize(), config.hiddenSize()));
        layerNorm =
                addChildBlock(
                        "LayerNorm",
                        LayerNorm.builder().axis(2).optEpsilon(config.layerNormEps()).build());
        dropout =
                addChildBlock(
                        "dropout", new ParallelDropout(config.hiddenDropoutProb()));
    }

    private static TokenEmbedding table(int rows, int width) {
        return TokenEmbedding.builder().setNumEmbeddings(rows).setEmbeddingSize(width).build();
    }

    /**
     * The position ids the encoder uses for these token ids.
     *
     * @param inputIds token ids {@code (B, T)}, int64
     * @return position ids, {@code (1, T)} for BERT (broadcast over the batch), {@code (B, T)}
     *     for RoBERTa
     */
    public NDArray positionIds(NDArray inputIds) {
        long length = inputIds.getShape().get(1);
        if (config.family() == BertConfig.Family.ROBERTA) {
            NDArray real = inputIds.neq(config.padTokenId()).toType(DataType.INT64, false);
            return real.cumSum(1).mul(real).add(config.padTokenId());
        }
        return inputIds.getManager().arange(0, length, 1, DataType.INT64).expandDims(0);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray inputIds = inputs.get(0);
        NDArray words = wordEmbeddings.forward(ps, new NDList(inputIds), training).head();
        NDArray positions =
                positionEmbeddings.forward(ps, new NDList(positionIds(inputIds)), training).head();
        NDArray types = tokenTypeEmbeddings.forward(ps, new NDList(inputs.get(1)), training).head();
        NDArray partial = words.add(positions);
        NDArray sum = partial.add(types);
        // Only LayerNorm's input (the sum) is kept for backward; free the rest now.
        new NDList(words, positions, types, partial).close();
        NDArray normed = layerNorm.forward(ps, new NDList(sum), training).head();
        NDList out = dropout.forward(ps, new NDList(normed), training);
        if (out.head() != normed) {
            normed.close();
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(config.hiddenSize())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape ids = inputShapes[0];
        wordEmbeddings.initialize(manager, dataType, ids);
        positionEmbeddings.initialize(manager, dataType, ids);
        tokenTypeEmbeddings.initialize(manager, dataType, ids);
        Shape hidden = getOutputShapes(inputShapes)[0];
        layerNorm.initialize(manager, dataType, hidden);
        dropout.initialize(manager, dataType, hidden);
    }
}
