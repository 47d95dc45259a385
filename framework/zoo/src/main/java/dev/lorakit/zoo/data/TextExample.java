package dev.lorakit.zoo.data;

/**
 * One labelled text, or text pair, of a classification data set.
 *
 * @param text the text
 * @param textPair the second text of a pair task, or {@code null}
 * @param label the label as written in the source (mapped to an id by {@link LabelVocabulary})
 */
public record TextExample(String text, String textPair, String label) {

    /** Rejects missing text or label. */
    public TextExample {
        if (text == null) {
            throw new IllegalArgumentException("text is null");
        }
        if (label == null || label.isEmpty()) {
            throw new IllegalArgumentException("label is missing for text \"" + abbreviate(text) + "\"");
        }
    }

    /**
     * A single-text example.
     *
     * @param text the text
     * @param label the label
     * @return the example
     */
    public static TextExample of(String text, String label) {
        return new TextExample(text, null, label);
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
