package dev.lorakit.zoo.text;

import dev.lorakit.api.ExampleSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Groups examples of similar token length into batches, so that a batch padded to its longest
 * member pads little: Hugging Face's {@code group_by_length} ({@code LengthGroupedSampler}), with
 * the batch order shuffled as well.
 *
 * <p>One epoch: draw a uniform random permutation; cut it into pools of {@code poolBatches *
 * batchSize} examples, where {@code poolBatches = clamp(n / (4 * batchSize), 4, 50)}: about four
 * pools per epoch and at most 50 batches per pool as in {@code transformers}' {@code
 * get_length_grouped_indices}, but at least four batches, so that small data sets are still
 * grouped (transformers' one-batch pools would not sort anything); sort each pool by length (ties keep
 * the permutation's order); cut the pools into batches of {@code batchSize}; shuffle the full
 * batches and put the remainder batch, when {@code n} is not a multiple of {@code batchSize},
 * last, where the fixed-order sampler puts it. Every example is in exactly one batch, and the
 * pools make the batches' members differ from epoch to epoch.
 */
public final class LengthBatching {

    /** transformers' cap on the pool size, in batches ({@code mega_batch_mult}). */
    static final int MAX_POOL_BATCHES = 50;
    /** The smallest pool, in batches. */
    static final int MIN_POOL_BATCHES = 4;

    private LengthBatching() {}

    /**
     * One epoch's batches of example indices, each holding examples of similar length.
     *
     * @param lengths token length of each example
     * @param batchSize examples per batch ({@code > 0}); only the last batch may be smaller
     * @param random the epoch's generator
     * @return the batches, in visiting order
     */
    public static List<int[]> batches(int[] lengths, int batchSize, Random random) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        }
        int n = lengths.length;
        int[] permutation = ExampleSource.shuffled(random, n);
        int pool = batchSize * Math.max(MIN_POOL_BATCHES, Math.min(MAX_POOL_BATCHES, n / (4 * batchSize)));
        int[] grouped = new int[n];
        for (int start = 0; start < n; start += pool) {
            int end = Math.min(n, start + pool);
            int[] sorted = IntStream.range(start, end)
                    .boxed()
                    .sorted(Comparator.<Integer>comparingInt(p -> lengths[permutation[p]]).thenComparingInt(p -> p))
                    .mapToInt(p -> permutation[p])
                    .toArray();
            System.arraycopy(sorted, 0, grouped, start, sorted.length);
        }
        List<int[]> full = new ArrayList<>(n / batchSize + 1);
        int fullEnd = n - n % batchSize;
        for (int start = 0; start < fullEnd; start += batchSize) {
            full.add(Arrays.copyOfRange(grouped, start, start + batchSize));
        }
        Collections.shuffle(full, random);
        if (fullEnd < n) {
            full.add(Arrays.copyOfRange(grouped, fullEnd, n));
        }
        return full;
    }

    /**
     * The same batches flattened: an order for {@link ExampleSource#epochOrder}, which the
     * trainer cuts back into these batches.
     *
     * @param lengths token length of each example
     * @param batchSize examples per batch ({@code > 0})
     * @param random the epoch's generator
     * @return every index once
     */
    public static int[] epochOrder(int[] lengths, int batchSize, Random random) {
        int[] order = new int[lengths.length];
        int at = 0;
        for (int[] batch : batches(lengths, batchSize, random)) {
            System.arraycopy(batch, 0, order, at, batch.length);
            at += batch.length;
        }
        return order;
    }
}
