package dev.lorakit.zoo.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.lorakit.lora.nn.ParallelDropout;

/**
 * A sequence classifier on a BERT-family encoder, laid out as the Hugging Face class a Python
 * user loads the same checkpoint with, so that PEFT adapter keys ({@code modules_to_save}
 * included) and merged weights read the same:
 *
 * <ul>
 *   <li>BERT, as {@code BertForSequenceClassification}: children {@code bert} (the encoder),
 *       {@code dropout} and {@code classifier} (one {@link Linear} on the pooled vector);
 *   <li>RoBERTa, as {@code RobertaForSequenceClassification}: children {@code roberta} (the
 *       encoder, no pooler) and {@code classifier}, a {@link RobertaClassificationHead}
 *       ({@code classifier.dense}, tanh, {@code classifier.out_proj} on the {@code <s>} token).
 * </ul>
 *
 * <p>For BERT the sentence vector is the encoder's {@code pooler_output} ({@link Pooling#POOLER}, what
 * {@code BertForSequenceClassification} uses) or the mean of real token states
 * ({@link Pooling#MEAN}, how sentence-transformers models such as all-MiniLM-L6-v2, which ship
 * without a pooler, were trained). Input as {@link BertModel}; output logits
 * {@code (B, numLabels)}.
 *
 * <pre>{@code
 * BertClassifier clf = BertClassifier.builder()
 *         .setEncoder(minilm.loadEncoder(manager))
 *         .setNumLabels(2)
 *         .optPooling(BertClassifier.Pooling.MEAN)
 *         .build();
 * clf.initialize(manager, DataType.FLOAT32, new Shape(1, 8), new Shape(1, 8)); // keeps loaded weights
 * }</pre>
 */
public final class BertClassifier extends AbstractBlock {

    /** How token states become one vector per sequence. */
    public enum Pooling {
        /** The encoder's pooler ({@code tanh(dense(h[:, 0]))}); needs an encoder with a pooler. */
        POOLER,
        /** Mean of the states of real (unmasked) tokens. */
        MEAN
    }

    private final BertModel bert;
    private final ParallelDropout dropout;
    private Block classifier;
    private final Pooling pooling;
    private final int numLabels;

    private BertClassifier(Builder builder) {
        pooling = builder.pooling;
        numLabels = builder.numLabels;
        BertConfig config = builder.encoder.getConfig();
        float rate = config.hiddenDropoutProb();
        if (config.family() == BertConfig.Family.ROBERTA) {
            bert = addChildBlock("roberta", builder.encoder);
            dropout = null;
            classifier = addChildBlock("classifier",
                    new RobertaClassificationHead(config.hiddenSize(), numLabels, rate));
        } else {
            bert = addChildBlock("bert", builder.encoder);
            dropout = addChildBlock("dropout", new ParallelDropout(rate));
            classifier = addChildBlock("classifier", Linear.builder().setUnits(numLabels).build());
        }
    }

    /**
     * Creates a builder.
     *
     * @return a new builder; encoder and number of labels are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The encoder (its paths, relative to it, are the Hugging Face base-model names that PEFT
     * adapter keys use).
     *
     * @return the {@code bert} or {@code roberta} child
     */
    public BertModel getEncoder() {
        return bert;
    }

    /**
     * The number of classes.
     *
     * @return the width of the logits
     */
    public int getNumLabels() {
        return numLabels;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList out = bert.forward(ps, inputs, training);
        if (dropout == null) {
            return classifier.forward(ps, new NDList(out.get(0)), training);
        }
        NDArray vector;
        if (pooling == Pooling.POOLER) {
            vector = out.get(1);
        } else {
            vector = SentencePooling.meanPool(out.get(0), inputs.get(1));
        }
        NDArray dropped = dropout.forward(ps, new NDList(vector), training).head();
        return classifier.forward(ps, new NDList(dropped), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), numLabels)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        bert.initialize(manager, dataType, inputShapes);
        Shape vector = new Shape(inputShapes[0].get(0), bert.getConfig().hiddenSize());
        if (dropout == null) {
            classifier.initialize(manager, dataType, inputShapes[0].add(bert.getConfig().hiddenSize()));
            return;
        }
        dropout.initialize(manager, dataType, vector);
        classifier.initialize(manager, dataType, vector);
    }

    /** Builds a {@link BertClassifier}. */
    public static final class Builder {

        private BertModel encoder;
        private int numLabels;
        private Pooling pooling;

        Builder() {}

        /**
         * Sets the encoder (required).
         *
         * @param encoder a (usually pretrained) encoder
         * @return this builder
         */
        public Builder setEncoder(BertModel encoder) {
            this.encoder = encoder;
            return this;
        }

        /**
         * Sets the number of classes (required, {@code >= 2}).
         *
         * @param numLabels the number of classes
         * @return this builder
         */
        public Builder setNumLabels(int numLabels) {
            this.numLabels = numLabels;
            return this;
        }

        /**
         * Sets the pooling of a BERT encoder (default: {@link Pooling#POOLER} when the encoder
         * has a pooler, else {@link Pooling#MEAN}). RoBERTa's head reads the {@code <s>} token
         * and takes no pooling.
         *
         * @param pooling the pooling
         * @return this builder
         */
        public Builder optPooling(Pooling pooling) {
            this.pooling = pooling;
            return this;
        }

        /**
         * Builds the classifier.
         *
         * @return the classifier
         * @throws IllegalArgumentException for a missing encoder, fewer than two labels,
         *     pooler pooling on an encoder without pooler, a pooling for RoBERTa, or a RoBERTa
         *     encoder with a pooler
         */
        public BertClassifier build() {
            if (encoder == null) {
                throw new IllegalArgumentException("BertClassifier.Builder: setEncoder is required");
            }
            if (numLabels < 2) {
                throw new IllegalArgumentException("numLabels must be >= 2, got " + numLabels);
            }
            if (encoder.getConfig().family() == BertConfig.Family.ROBERTA) {
                if (pooling != null) {
                    throw new IllegalArgumentException("pooling " + pooling + " does not apply to RoBERTa:"
                            + " its classification head reads the <s> token, as RobertaForSequenceClassification");
                }
                if (encoder.hasPooler()) {
                    throw new IllegalArgumentException("a RoBERTa classifier takes an encoder without pooler,"
                            + " as RobertaForSequenceClassification (add_pooling_layer=False);"
                            + " load it with HuggingFaceFolder.loadEncoder(folder, manager, false)");
                }
                return new BertClassifier(this);
            }
            if (pooling == null) {
                pooling = encoder.hasPooler() ? Pooling.POOLER : Pooling.MEAN;
            }
            if (pooling == Pooling.POOLER && !encoder.hasPooler()) {
                throw new IllegalArgumentException(
                        "pooling POOLER needs an encoder with a pooler; this one has none (use MEAN)");
            }
            return new BertClassifier(this);
        }
    }
}
