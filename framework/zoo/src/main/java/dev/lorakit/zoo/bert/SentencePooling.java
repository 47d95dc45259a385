package dev.lorakit.zoo.bert;

import ai.djl.ndarray.NDArray;

/**
 * Sentence embeddings from token states, as sentence-transformers computes them for
 * all-MiniLM-L6-v2: the mean over real (unmasked) tokens, then L2 normalisation.
 */
public final class SentencePooling {

    private SentencePooling() {}

    /**
     * Mean of the token states where the mask is 1.
     *
     * @param hidden token states {@code (B, T, H)}
     * @param attentionMask {@code (B, T)}, 1 for real tokens, 0 for padding
     * @return {@code (B, H)}
     */
    public static NDArray meanPool(NDArray hidden, NDArray attentionMask) {
        NDArray mask = attentionMask.toType(hidden.getDataType(), false).expandDims(2);
        NDArray count = mask.sum(new int[] {1}).clip(1e-9f, Float.MAX_VALUE);
        return hidden.mul(mask).sum(new int[] {1}).div(count);
    }

    /**
     * Rows scaled to unit L2 norm ({@code torch.nn.functional.normalize}, eps 1e-12).
     *
     * @param x {@code (B, H)}
     * @return {@code x / max(||x||, 1e-12)} row-wise
     */
    public static NDArray l2Normalize(NDArray x) {
        NDArray norm = x.square().sum(new int[] {1}, true).sqrt().clip(1e-12f, Float.MAX_VALUE);
        return x.div(norm);
    }

    /**
     * {@link #l2Normalize(NDArray)} of {@link #meanPool(NDArray, NDArray)}.
     *
     * @param hidden token states {@code (B, T, H)}
     * @param attentionMask {@code (B, T)}
     * @return normalised sentence embeddings {@code (B, H)}
     */
    public static NDArray sentenceEmbeddings(NDArray hidden, NDArray attentionMask) {
        return l2Normalize(meanPool(hidden, attentionMask));
    }
}
