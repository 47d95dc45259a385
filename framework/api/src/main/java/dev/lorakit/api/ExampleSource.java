package dev.lorakit.api;

import ai.djl.ndarray.NDManager;
import java.util.Random;

/**
 * Indexable examples. The trainer owns the order: each epoch it asks {@link #epochOrder} for an
 * order drawn from a generator seeded by (run seed, epoch), so a resumed run sees the same batches
 * as an uninterrupted one, and cuts it into batches; a source turns indices into arrays.
 */
public interface ExampleSource {

    /**
     * Number of examples.
     *
     * @return the size
     */
    int size();

    /**
     * The examples at {@code indices} as one batch, its arrays created in {@code manager} (a
     * per-step manager the trainer closes after the step).
     *
     * @param manager where to create the arrays
     * @param indices example indices, in batch order
     * @return the batch
     */
    Batch batch(NDManager manager, int[] indices);

    /**
     * The order in which one training epoch visits the examples. The trainer cuts it into
     * consecutive batches of {@code batchSize} examples (the last batch of the epoch holds the
     * remainder). The default is a uniform random permutation ({@link #shuffled}); a source may
     * put similar examples into the same batch (texts of similar length, so that padding is
     * short), provided the order holds every index once and depends only on {@code random},
     * {@code batchSize} and the source's content, which keeps resumed runs identical.
     *
     * @param random the epoch's generator, seeded by the run seed and the epoch
     * @param batchSize examples per batch, {@code >= 1}
     * @return every index in {@code 0..size()-1}, each once
     */
    default int[] epochOrder(Random random, int batchSize) {
        return shuffled(random, size());
    }

    /**
     * A uniform random permutation of {@code 0..n-1} (Fisher–Yates, drawing {@code
     * random.nextInt(i + 1)} for {@code i} from {@code n - 1} down to 1).
     *
     * @param random the generator
     * @param n the size
     * @return the permutation
     */
    static int[] shuffled(Random random, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }
}
