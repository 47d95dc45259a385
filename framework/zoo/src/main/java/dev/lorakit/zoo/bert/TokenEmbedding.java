package dev.lorakit.zoo.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.core.Embedding;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A lookup table indexed directly by integer ids (token, position or token-type ids), as
 * PyTorch's {@code nn.Embedding}.
 *
 * <p>It extends DJL's {@link Embedding} so that anything written for DJL embeddings (a LoRA
 * embedding adapter, parameter freezing) works on it; its single parameter {@code embedding}
 * is named {@code weight} by {@code ModuleTree}, the Hugging Face key. Unlike DJL's
 * vocabulary-backed embeddings, an item is its own row index.
 */
public final class TokenEmbedding extends Embedding<Long> {

    private TokenEmbedding(Builder builder) {
        super(builder);
    }

    /**
     * Creates a builder.
     *
     * @return a new builder; {@code setNumEmbeddings} and {@code setEmbeddingSize} are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The number of rows of the table.
     *
     * @return the number of ids the table holds
     */
    public int getNumEmbeddings() {
        return numEmbeddings;
    }

    /**
     * The width of one row.
     *
     * @return the embedding size
     */
    public int getEmbeddingSize() {
        return embeddingSize;
    }

    @Override
    public byte[] encode(Long input) {
        return ByteBuffer.allocate(Long.BYTES).putLong(input).array();
    }

    @Override
    public Long decode(byte[] byteArray) {
        return ByteBuffer.wrap(byteArray).getLong();
    }

    @Override
    public long embed(Long item) {
        if (!hasItem(item)) {
            throw new IllegalArgumentException(
                    "id " + item + " is outside the table [0, " + numEmbeddings + ")");
        }
        return item;
    }

    @Override
    public Optional<Long> unembed(long index) {
        return index >= 0 && index < numEmbeddings ? Optional.of(index) : Optional.empty();
    }

    @Override
    public boolean hasItem(Long item) {
        return item != null && item >= 0 && item < numEmbeddings;
    }

    @Override
    public NDArray embed(NDManager manager, Long[] items) {
        long[] ids = new long[items.length];
        for (int i = 0; i < items.length; i++) {
            ids[i] = embed(items[i]);
        }
        return manager.create(ids);
    }

    /** Builds a {@link TokenEmbedding}. */
    public static final class Builder extends Embedding.BaseBuilder<Long, Builder> {

        Builder() {
            embeddingType = Long.class;
        }

        /**
         * Sets the number of rows (required).
         *
         * @param numEmbeddings the table size, {@code > 0}
         * @return this builder
         */
        public Builder setNumEmbeddings(int numEmbeddings) {
            return optNumEmbeddings(numEmbeddings);
        }

        @Override
        protected Builder setType(Class<Long> embeddingType) {
            return self();
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the table.
         *
         * @return the new block
         * @throws IllegalArgumentException when a size is missing or not positive
         */
        public TokenEmbedding build() {
            if (numEmbeddings <= 0 || embeddingSize <= 0) {
                throw new IllegalArgumentException(
                        "TokenEmbedding needs numEmbeddings > 0 and embeddingSize > 0, got "
                                + numEmbeddings
                                + " and "
                                + embeddingSize);
            }
            return new TokenEmbedding(this);
        }
    }
}
