package dev.lorakit.zoo.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Token ids of several texts padded to one length, with their attention masks and token-type
 * ids: the input of a {@link dev.lorakit.zoo.bert.BertModel}.
 *
 * @param inputIds {@code [batch][length]} token ids, padded with the pad id
 * @param attentionMask {@code [batch][length]}, 1 for real tokens, 0 for padding
 * @param tokenTypeIds {@code [batch][length]}, 0 for the first text, 1 for the second of a pair
 */
public record TokenizedBatch(long[][] inputIds, long[][] attentionMask, long[][] tokenTypeIds) {

    /** Checks that the three arrays have one shape. */
    public TokenizedBatch {
        if (inputIds.length != attentionMask.length || inputIds.length != tokenTypeIds.length) {
            throw new IllegalArgumentException("ids, mask and type ids differ in batch size");
        }
        int length = inputIds.length == 0 ? 0 : inputIds[0].length;
        for (int i = 0; i < inputIds.length; i++) {
            if (inputIds[i].length != length
                    || attentionMask[i].length != length
                    || tokenTypeIds[i].length != length) {
                throw new IllegalArgumentException("row " + i + " is not of length " + length);
            }
        }
    }

    /**
     * The number of texts.
     *
     * @return the batch size
     */
    public int size() {
        return inputIds.length;
    }

    /**
     * The padded length.
     *
     * @return tokens per row
     */
    public int length() {
        return inputIds.length == 0 ? 0 : inputIds[0].length;
    }

    /**
     * The arrays as {@code (input_ids, attention_mask, token_type_ids)}, int64, each
     * {@code (batch, length)}, created in the given manager.
     *
     * @param manager the manager that will own the arrays (a per-step sub-manager)
     * @return the encoder input
     */
    public NDList toNDList(NDManager manager) {
        return new NDList(
                create(manager, inputIds), create(manager, attentionMask), create(manager, tokenTypeIds));
    }

    private static NDArray create(NDManager manager, long[][] rows) {
        return manager.create(rows);
    }
}
