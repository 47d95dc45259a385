package dev.lorakit.zoo.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LengthBatchingTest {

    /** 1,000 lengths drawn like sentence lengths: mostly short, a long tail. */
    private static int[] lengths() {
        Random random = new Random(42);
        return IntStream.range(0, 1000).map(i -> 4 + (int) Math.min(60, Math.abs(random.nextGaussian()) * 15)).toArray();
    }

    private static long paddedTokens(List<int[]> batches, int[] lengths) {
        long total = 0;
        for (int[] batch : batches) {
            total += (long) batch.length * Arrays.stream(batch).map(i -> lengths[i]).max().orElse(0);
        }
        return total;
    }

    @Test
    void everyExampleOncePerEpochWithOnlyTheLastBatchPartial() {
        int[] lengths = lengths();
        List<int[]> batches = LengthBatching.batches(lengths, 32, new Random(1));
        assertThat(batches).hasSize(32); // 31 full batches + 8 left over
        for (int b = 0; b < batches.size() - 1; b++) {
            assertThat(batches.get(b)).hasSize(32);
        }
        assertThat(batches.get(31)).hasSize(1000 - 31 * 32);
        int[] all = batches.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        assertThat(all).containsExactly(IntStream.range(0, 1000).toArray());
        assertThat(LengthBatching.epochOrder(lengths, 32, new Random(1)))
                .containsExactly(batches.stream().flatMapToInt(Arrays::stream).toArray());
    }

    @Test
    void batchesPadFarLessThanUniformlyShuffledOnes() {
        int[] lengths = lengths();
        long real = Arrays.stream(lengths).asLongStream().sum();
        long grouped = paddedTokens(LengthBatching.batches(lengths, 32, new Random(1)), lengths);
        int[] uniform = dev.lorakit.api.ExampleSource.shuffled(new Random(1), lengths.length);
        List<int[]> shuffled = IntStream.range(0, (lengths.length + 31) / 32)
                .mapToObj(b -> Arrays.copyOfRange(uniform, b * 32, Math.min(lengths.length, b * 32 + 32))).toList();
        long fixed = paddedTokens(shuffled, lengths);
        // Pools of 7 batches (n / (4 * 32)), sorted: a quarter of the padding.
        assertThat((double) (grouped - real) / real).isLessThan(0.3);
        assertThat((double) (fixed - real) / real).isGreaterThan(1.0);
        assertThat(grouped - real).isLessThan((fixed - real) / 4);
    }

    @Test
    void theSeedDeterminesTheEpoch() {
        int[] lengths = lengths();
        int[] a = LengthBatching.epochOrder(lengths, 32, new Random(7));
        assertThat(LengthBatching.epochOrder(lengths, 32, new Random(7))).containsExactly(a);
        int[] b = LengthBatching.epochOrder(lengths, 32, new Random(8));
        assertThat(b).isNotEqualTo(a);
        // Not just the batch order: the pools make the batches' members change between epochs.
        List<int[]> first = LengthBatching.batches(lengths, 32, new Random(7));
        List<int[]> second = LengthBatching.batches(lengths, 32, new Random(8));
        long sameBatches = first.stream().filter(x -> second.stream()
                .anyMatch(y -> Arrays.equals(x.clone(), y.clone()))).count();
        assertThat(sameBatches).isLessThan(first.size() / 2);
    }

    @Test
    void smallDataAndBadSizes() {
        int[] lengths = {5, 40, 6, 41, 7, 39, 8, 42};
        List<int[]> batches = LengthBatching.batches(lengths, 4, new Random(1));
        assertThat(batches).hasSize(2).allSatisfy(batch -> {
            int min = Arrays.stream(batch).map(i -> lengths[i]).min().orElseThrow();
            int max = Arrays.stream(batch).map(i -> lengths[i]).max().orElseThrow();
            assertThat(max - min).isLessThanOrEqualTo(3);
        });
        assertThat(LengthBatching.batches(new int[0], 4, new Random(1))).isEmpty();
        assertThat(LengthBatching.batches(new int[] {3, 1, 2}, 8, new Random(1))).hasSize(1);
        assertThatThrownBy(() -> LengthBatching.batches(lengths, 0, new Random(1))).hasMessageContaining("batchSize");
    }
}
