package dev.lorakit.zoo.task;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.lorakit.api.Batch;
import dev.lorakit.api.ExampleSource;
import dev.lorakit.zoo.data.LabelVocabulary;
import dev.lorakit.zoo.data.TextExample;
import dev.lorakit.zoo.text.TextTokenizer;
import dev.lorakit.zoo.text.TokenizedBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Labelled texts tokenized on demand: a batch is padded to its own longest text, not to the
 * tokenizer's maximum, so short sentences cost short sequences.
 */
public final class LabelledTexts implements ExampleSource {

    private final List<TextExample> examples;
    private final TextTokenizer tokenizer;
    private final LabelVocabulary labels;

    /**
     * Wraps examples.
     *
     * @param examples the texts and labels
     * @param tokenizer tokenizes each batch (not closed here)
     * @param labels maps labels to class ids; every example's label must be in it
     */
    public LabelledTexts(List<TextExample> examples, TextTokenizer tokenizer, LabelVocabulary labels) {
        this.examples = List.copyOf(examples);
        this.tokenizer = tokenizer;
        this.labels = labels;
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
    public Batch batch(NDManager manager, int[] indices) {
        List<String> first = new ArrayList<>(indices.length);
        List<String> second = new ArrayList<>(indices.length);
        float[] y = new float[indices.length];
        boolean pairs = false;
        for (int i = 0; i < indices.length; i++) {
            TextExample e = examples.get(indices[i]);
            first.add(e.text());
            second.add(e.textPair() == null ? "" : e.textPair());
            pairs |= e.textPair() != null;
            y[i] = labels.idOf(e.label());
        }
        TokenizedBatch tokens = pairs ? tokenizer.encodePairs(first, second) : tokenizer.encode(first);
        return new Batch(tokens.toNDList(manager), new NDList(manager.create(y)));
    }
}
