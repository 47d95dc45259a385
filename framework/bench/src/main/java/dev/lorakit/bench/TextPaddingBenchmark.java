package dev.lorakit.bench;

import dev.lorakit.api.ExampleSource;
import dev.lorakit.api.Seeds;
import dev.lorakit.zoo.data.StratifiedSplit;
import dev.lorakit.zoo.data.TextCorpora;
import dev.lorakit.zoo.data.TextExample;
import dev.lorakit.zoo.onnx.MiniLmArtifact;
import dev.lorakit.zoo.text.LengthBatching;
import dev.lorakit.zoo.text.TextTokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What {@code batching: length} saves, counted rather than timed (so machine load does not
 * matter): for the training splits of the polarity and spam configs, the tokens the encoder
 * processes per epoch with shuffled batches and with length-grouped ones, each batch padded to
 * its longest text, with the real MiniLM tokenizer and the configs' {@code max_length}, batch size,
 * split and seed. Also the sum of {@code batch · length²}, the attention scores' share of the cost.
 * Three epochs each (the trainer's epoch generators); prints Markdown rows.
 *
 * <p>Usage: {@code framework/bench/run TextPaddingBenchmark}; needs the fetched polarity and spam
 * data ({@code TextCorpora}).
 */
public final class TextPaddingBenchmark {

    private static final int BATCH = 32;
    private static final int EPOCHS = 3;

    private TextPaddingBenchmark() {}

    /**
     * Prints the table.
     *
     * @param args none
     * @throws Exception when the data or tokenizer cannot be read
     */
    public static void main(String[] args) throws Exception {
        Path data = TextCorpora.dataDir();
        System.out.println("| config | train texts | max_length | real tokens | shuffled: padded tokens (overhead)"
                + " | length: padded tokens (overhead) | length / shuffled tokens | length / shuffled Σ B·L² |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        // configs/polarity-minilm-lora.yaml: split 0.0 / 0.2 with split_seed 0, run seed 0, max_length 64.
        row("polarity-minilm-lora", TextCorpora.polarity(data), new StratifiedSplit(0.0, 0.2), 0, 0, 64);
        // configs/spam-minilm-lora.yaml: split 0.1 / 0.1 with the run seed 1, max_length 128.
        row("spam-minilm-lora", TextCorpora.spamAssassin(data), new StratifiedSplit(0.1, 0.1), 1, 1, 128);
    }

    private static void row(String config, List<TextExample> all, StratifiedSplit split, long splitSeed, long runSeed,
            int maxLength) throws Exception {
        List<TextExample> train = split.split(all, splitSeed).train();
        int[] lengths;
        try (TextTokenizer tokenizer = MiniLmArtifact.fromClasspath().loadTokenizer(maxLength)) {
            lengths = tokenizer.lengths(train.stream().map(TextExample::text).toList(), null);
        }
        long real = 0;
        for (int length : lengths) {
            real += length;
        }
        long[] shuffled = new long[2];
        long[] grouped = new long[2];
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            long seed = Seeds.derive(runSeed, "data-order", epoch);
            add(shuffled, ExampleSource.shuffled(new Random(seed), lengths.length), lengths);
            add(grouped, LengthBatching.epochOrder(lengths, BATCH, new Random(seed)), lengths);
        }
        System.out.printf(Locale.ROOT, "| %s | %,d | %d | %,d | %,d (+%.0f%%) | %,d (+%.0f%%) | %.2f | %.2f |%n",
                config, lengths.length, maxLength, real, shuffled[0] / EPOCHS, 100.0 * (shuffled[0] - EPOCHS * real)
                        / (EPOCHS * real), grouped[0] / EPOCHS, 100.0 * (grouped[0] - EPOCHS * real) / (EPOCHS * real),
                (double) grouped[0] / shuffled[0], (double) grouped[1] / shuffled[1]);
    }

    /** Adds one epoch's padded tokens and Σ B·L² for an order cut into batches of {@link #BATCH}. */
    private static void add(long[] sums, int[] order, int[] lengths) {
        for (int from = 0; from < order.length; from += BATCH) {
            int to = Math.min(order.length, from + BATCH);
            long longest = 0;
            for (int i = from; i < to; i++) {
                longest = Math.max(longest, lengths[order[i]]);
            }
            sums[0] += (to - from) * longest;
            sums[1] += (to - from) * longest * longest;
        }
    }
}
