package dev.lorakit.zoo.task;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.lorakit.api.Batch;
import dev.lorakit.api.ExampleSource;
import dev.lorakit.zoo.data.LabelVocabulary;
import dev.lorakit.zoo.data.TextExample;
import dev.lorakit.zoo.text.LengthBatching;
import dev.lorakit.zoo.text.TextTokenizer;
import dev.lorakit.zoo.text.TokenizedBatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Labelled texts tokenized on demand: a batch is padded to its own longest text, not to the
 * tokenizer's maximum, so short sentences cost short sequences. With {@link TextBatching#LENGTH}
 * a training source also groups texts of similar length into the same batch ({@link
 * #epochOrder}), and an evaluation source holds its texts shortest first, so that the trainer's
 * consecutive evaluation batches pad little (evaluation metrics do not depend on the order).
 */
public final class LabelledTexts implements ExampleSource {

    private final List<TextExample> examples;
    private final TextTokenizer tokenizer;
    private final LabelVocabulary labels;
    /** Token lengths in index order, when training batches are grouped by length; else null. */
    private final int[] groupLengths;

    private LabelledTexts(List<TextExample> examples, TextTokenizer tokenizer, LabelVocabulary labels,
            int[] groupLengths) {
        this.examples = examples;
        this.tokenizer = tokenizer;
        this.labels = labels;
        this.groupLengths = groupLengths;
    }

    /**
     * A training split: with {@link TextBatching#LENGTH} each epoch's batches hold texts of
     * similar token length (the texts are tokenized once here to measure them).
     *
     * @param examples the texts and labels
     * @param tokenizer tokenizes each batch (not closed here)
     * @param labels maps labels to class ids
     * @param batching how batches are formed
     * @return the source
     */
    public static LabelledTexts training(List<TextExample> examples, TextTokenizer tokenizer, LabelVocabulary labels,
            TextBatching batching) {
        List<TextExample> copy = List.copyOf(examples);
        return new LabelledTexts(copy, tokenizer, labels,
                batching == TextBatching.LENGTH ? tokenLengths(copy, tokenizer) : null);
    }

    /**
     * An evaluation split: with {@link TextBatching#LENGTH} its texts are held shortest first
     * (ties in the given order), so consecutive indices make batches of similar length.
     *
     * @param examples the texts and labels
     * @param tokenizer tokenizes each batch (not closed here)
     * @param labels maps labels to class ids
     * @param batching how batches are formed
     * @return the source
     */
    public static LabelledTexts evaluation(List<TextExample> examples, TextTokenizer tokenizer, LabelVocabulary labels,
            TextBatching batching) {
        List<TextExample> ordered = List.copyOf(examples);
        if (batching == TextBatching.LENGTH) {
            int[] lengths = tokenLengths(ordered, tokenizer);
            List<TextExample> source = ordered;
            ordered = IntStream.range(0, lengths.length).boxed()
                    .sorted(Comparator.<Integer>comparingInt(i -> lengths[i]).thenComparingInt(i -> i))
                    .map(source::get)
                    .toList();
        }
        return new LabelledTexts(ordered, tokenizer, labels, null);
    }

    /**
     * The examples, in index order.
     *
     * @return the examples
     */
    public List<TextExample> examples() {
        return examples;
    }

    @Override
    public int size() {
        return examples.size();
    }

    @Override
    public int[] epochOrder(Random random, int batchSize) {
        return groupLengths == null ? ExampleSource.super.epochOrder(random, batchSize)
                : LengthBatching.epochOrder(groupLengths, batchSize, random);
    }

    @Override
    public Batch batch(NDManager manager, int[] indices) {
        List<TextExample> chosen = new ArrayList<>(indices.length);
        float[] y = new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            TextExample e = examples.get(indices[i]);
            chosen.add(e);
            y[i] = labels.idOf(e.label());
        }
        List<String> pairs = secondTexts(chosen);
        TokenizedBatch tokens = pairs == null ? tokenizer.encode(texts(chosen)) : tokenizer.encodePairs(texts(chosen), pairs);
        return new Batch(tokens.toNDList(manager), new NDList(manager.create(y)));
    }

    private static int[] tokenLengths(List<TextExample> examples, TextTokenizer tokenizer) {
        return tokenizer.lengths(texts(examples), secondTexts(examples));
    }

    private static List<String> texts(List<TextExample> examples) {
        return examples.stream().map(TextExample::text).toList();
    }

    /** The pair texts ("" where an example has none), or null when no example has a pair. */
    private static List<String> secondTexts(List<TextExample> examples) {
        if (examples.stream().noneMatch(e -> e.textPair() != null)) {
            return null;
        }
        return examples.stream().map(e -> e.textPair() == null ? "" : e.textPair()).toList();
    }
}
