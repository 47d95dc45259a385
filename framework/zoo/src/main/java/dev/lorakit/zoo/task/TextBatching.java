package dev.lorakit.zoo.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * How a text plugin forms its batches: the {@code batching:} key of its config section. Either
 * way a batch is padded only to its longest text (dynamic padding), never to {@code max_length}.
 */
public enum TextBatching {
    /** Uniformly shuffled batches each epoch; evaluation in the split's order. */
    SHUFFLED("shuffled"),
    /**
     * Batches of texts of similar token length ({@link dev.lorakit.zoo.text.LengthBatching}: shuffled
     * pools sorted by length, shuffled batch order), as Hugging Face's {@code group_by_length}, and
     * evaluation splits visited shortest first, so padding is short everywhere.
     */
    LENGTH("length");

    private final String id;

    TextBatching(String id) {
        this.id = id;
    }

    /**
     * The config spelling.
     *
     * @return the id
     */
    @JsonValue
    public String id() {
        return id;
    }

    /**
     * Parses a config value.
     *
     * @param value the value
     * @return the batching
     * @throws IllegalArgumentException naming the key, the value and the allowed ones
     */
    @JsonCreator
    public static TextBatching of(String value) {
        for (TextBatching b : values()) {
            if (b.id.equals(value)) {
                return b;
            }
        }
        throw new IllegalArgumentException("\"" + value + "\" is not a batching; allowed: "
                + Arrays.stream(values()).map(TextBatching::id).toList());
    }
}
