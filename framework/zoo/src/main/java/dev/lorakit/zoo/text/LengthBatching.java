package dev.lorakit.zoo.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Groups examples of similar token length into batches, so that a batch pads little.
 *
 * <p>Examples are sorted by length, cut into batches of {@code batchSize}, and the order of
 * the batches is shuffled with the given random generator, so each epoch still visits the
 * data in a seed-determined random order.
 */
public final class LengthBatching {

    private LengthBatching() {}

    /**
     * Batches of example indices, each holding examples of similar length.
     *
     * @param lengths token length of each example
     * @param batchSize examples per batch ({@code > 0}); the last batch may be smaller
     * @param random the generator that orders the batches, or {@code null} to keep them sorted
     *     by length
     * @return lists of indices into {@code lengths}
     */
    public static List<int[]> batches(int[] lengths, int batchSize, Random random) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        }
        int[] order =
                IntStream.range(0, lengths.length)
                        .boxed()
                        .sorted(Comparator.<Integer>comparingInt(i -> lengths[i]).thenComparingInt(i -> i))
                        .mapToInt(Integer::intValue)
                        .toArray();
        List<int[]> out = new ArrayList<>();
        for (int start = 0; start < order.length; start += batchSize) {
            int end = Math.min(order.length, start + batchSize);
            int[] batch = new int[end - start];
            System.arraycopy(order, start, batch, 0, batch.length);
            out.add(batch);
        }
        if (random != null) {
            Collections.shuffle(out, random);
        }
        return out;
    }
}
