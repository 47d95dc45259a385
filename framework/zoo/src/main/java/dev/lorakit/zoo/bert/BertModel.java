package dev.lorakit.zoo.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.lorakit.lora.ndarray.ScalarOps;

/**
 * A BERT or RoBERTa encoder that computes what Hugging Face's {@code BertModel} /
 * {@code RobertaModel} compute, built from DJL blocks whose paths are the Hugging Face names.
 *
 * <p>{@code ModuleTree.namedParameters(model)} yields exactly the keys of a Hugging Face
 * checkpoint without its {@code bert.}/{@code roberta.} prefix
 * ({@code embeddings.word_embeddings.weight}, {@code encoder.layer.0.attention.self.query.weight},
 * {@code encoder.layer.0.attention.output.LayerNorm.weight}, {@code pooler.dense.weight}, ...),
 * so LoRA targets ({@code query}, {@code value}) and PEFT adapter keys read as in Python. Every
 * projection is a DJL {@link ai.djl.nn.core.Linear} held in a non-final field, so
 * {@code ModuleTree.replace} can swap in a LoRA layer.
 *
 * <p>Input: {@code (input_ids (B, T), attention_mask (B, T)[, token_type_ids (B, T)])}, int64,
 * any {@code T} up to {@link BertConfig#maxSequenceLength()}; the mask is 1 for real tokens and
 * 0 for padding. Output: {@code (last_hidden_state (B, T, H)[, pooler_output (B, H)])}.
 *
 * <pre>{@code
 * BertModel bert = BertModel.builder().setConfig(BertConfig.miniLmL6()).optPooler(false).build();
 * bert.initialize(manager, DataType.FLOAT32, new Shape(1, 8), new Shape(1, 8));
 * NDList out = bert.forward(new ParameterStore(manager, false), new NDList(ids, mask), false);
 * }</pre>
 */
public final class BertModel extends AbstractBlock {

    private final BertConfig config;
    private final BertEmbeddings embeddings;
    private final Encoder encoder;
    private final BertPooler pooler;

    private BertModel(Builder builder) {
        config = builder.config;
        embeddings = addChildBlock("embeddings", new BertEmbeddings(config));
        encoder = addChildBlock("encoder", new Encoder(config));
        pooler = builder.pooler ? addChildBlock("pooler", new BertPooler(config.hiddenSize())) : null;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder; {@link Builder#setConfig(BertConfig)} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The configuration this encoder was built from.
     *
     * @return the configuration
     */
    public BertConfig getConfig() {
        return config;
    }

    /**
     * Whether this encoder has the {@code pooler} child and returns {@code pooler_output}.
     *
     * @return true when built with a pooler
     */
    public boolean hasPooler() {
        return pooler != null;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() < 2 || inputs.size() > 3) {
            throw new IllegalArgumentException(
                    "BertModel takes (input_ids, attention_mask[, token_type_ids]), got "
                            + inputs.size()
                            + " arrays");
        }
        NDArray inputIds = inputs.get(0);
        NDArray mask = inputs.get(1);
        Shape shape = inputIds.getShape();
        if (shape.dimension() != 2 || !mask.getShape().equals(shape)) {
            throw new IllegalArgumentException(
                    "input_ids and attention_mask must both be (batch, length); got "
                            + shape
                            + " and "
                            + mask.getShape());
        }
        if (shape.get(1) > config.maxSequenceLength()) {
            throw new IllegalArgumentException(
                    "sequence length "
                            + shape.get(1)
                            + " exceeds this model's maximum "
                            + config.maxSequenceLength()
                            + " (max_position_embeddings "
                            + config.maxPositionEmbeddings()
                            + "); truncate the input");
        }
        NDArray tokenTypes =
                inputs.size() == 3
                        ? inputs.get(2)
                        : inputIds.getManager().zeros(shape, DataType.INT64);
        NDArray hidden = embeddings.forward(ps, new NDList(inputIds, tokenTypes), training).head();
        NDArray lastHidden =
                encoder.forward(ps, new NDList(hidden, maskBias(mask, hidden.getDataType())), training)
                        .head();
        if (pooler == null) {
            return new NDList(lastHidden);
        }
        return new NDList(lastHidden, pooler.forward(ps, new NDList(lastHidden), training).head());
    }

    /**
     * The additive attention bias of a padding mask: 0 where the mask is 1, the most negative
     * finite value of the type where it is 0 (as {@code transformers} does), shaped
     * {@code (B, 1, 1, T)} to broadcast over heads and query positions.
     */
    static NDArray maskBias(NDArray mask, DataType type) {
        float min = type == DataType.FLOAT16 ? -65504f : -Float.MAX_VALUE;
        Shape s = mask.getShape();
        return ScalarOps.mul(mask.toType(type, false).neg().add(1), min).reshape(s.get(0), 1, 1, s.get(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        Shape hidden = ids.add(config.hiddenSize());
        return pooler == null
                ? new Shape[] {hidden}
                : new Shape[] {hidden, new Shape(ids.get(0), config.hiddenSize())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape ids = inputShapes[0];
        embeddings.initialize(manager, dataType, ids, ids);
        Shape hidden = ids.add(config.hiddenSize());
        encoder.initialize(manager, dataType, hidden, new Shape(ids.get(0), 1, 1, ids.get(1)));
        if (pooler != null) {
            pooler.initialize(manager, dataType, hidden);
        }
    }

    /** Hugging Face's {@code BertEncoder}: the child {@code layer} holds the layers by index. */
    public static final class Encoder extends AbstractBlock {

        private final SequentialBlock layer;

        Encoder(BertConfig config) {
            SequentialBlock layers = new SequentialBlock();
            for (int i = 0; i < config.numHiddenLayers(); i++) {
                layers.add(new BertLayer(config));
            }
            layer = addChildBlock("layer", layers);
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps,
                NDList inputs,
                boolean training,
                PairList<String, Object> params) {
            return new NDList(layer.forward(ps, inputs, training).head());
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0]};
        }

        @Override
        protected void initializeChildBlocks(
                NDManager manager, DataType dataType, Shape... inputShapes) {
            layer.initialize(manager, dataType, inputShapes);
        }
    }

    /** Builds a {@link BertModel}. */
    public static final class Builder {

        private BertConfig config;
        private boolean pooler = true;

        Builder() {}

        /**
         * Sets the configuration (required).
         *
         * @param config the encoder's shape and numerics
         * @return this builder
         */
        public Builder setConfig(BertConfig config) {
            this.config = config;
            return this;
        }

        /**
         * Whether to add the {@code pooler} (default true, as {@code BertModel}); checkpoints
         * saved from {@code *ForSequenceClassification} of RoBERTa and sentence-transformers
         * models have none.
         *
         * @param pooler true to add the pooler
         * @return this builder
         */
        public Builder optPooler(boolean pooler) {
            this.pooler = pooler;
            return this;
        }

        /**
         * Builds the encoder (parameters are not yet initialized).
         *
         * @return the new encoder
         * @throws IllegalArgumentException when no configuration was set
         */
        public BertModel build() {
            if (config == null) {
                throw new IllegalArgumentException("BertModel.Builder: setConfig is required");
            }
            return new BertModel(this);
        }
    }
}
