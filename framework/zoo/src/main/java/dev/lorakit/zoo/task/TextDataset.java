package dev.lorakit.zoo.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.lorakit.zoo.data.ColumnMapping;
import dev.lorakit.zoo.data.TextCorpora;
import dev.lorakit.zoo.data.TextDatasetReader;
import dev.lorakit.zoo.data.TextExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Where a text plugin's labelled texts come from: the {@code dataset:} key of its config section. */
public enum TextDataset {
    /** The SpamAssassin corpus (ham / spam), fetched by fetch-spam.sh. */
    SPAM("spam"),
    /** Pang &amp; Lee sentence polarity (negative / positive), fetched by fetch-polarity.sh. */
    POLARITY("polarity"),
    /** A CSV, TSV or JSONL file named by the section's {@code file} key. */
    FILE("file");

    private final String id;

    TextDataset(String id) {
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
     * Parses the config value.
     *
     * @param value the value
     * @return the data set
     * @throws IllegalArgumentException naming the value and the known ones
     */
    @JsonCreator
    public static TextDataset of(String value) {
        for (TextDataset d : values()) {
            if (d.id.equals(value.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("dataset \"" + value + "\" is unknown; known: "
                + Arrays.stream(values()).map(TextDataset::id).toList());
    }

    /**
     * Reads the labelled texts.
     *
     * @param dataDir where the fetched corpora live
     * @param file the file, for {@link #FILE}
     * @param mapping its columns, for {@link #FILE}
     * @return the examples
     * @throws IOException when the data cannot be read (the message names the fetch script)
     */
    public List<TextExample> read(Path dataDir, Path file, ColumnMapping mapping) throws IOException {
        switch (this) {
            case SPAM:
                return TextCorpora.spamAssassin(dataDir);
            case POLARITY:
                return TextCorpora.polarity(dataDir);
            default:
                return TextDatasetReader.read(file, mapping);
        }
    }

    /**
     * Checks the {@code dataset} / {@code file} pair of a config section.
     *
     * @param section the section, e.g. {@code sentiment}
     * @param dataset the data set, required
     * @param file the file, required exactly with {@link #FILE}
     * @param allowed the data sets this section accepts
     * @throws IllegalArgumentException naming the key
     */
    public static void validate(String section, TextDataset dataset, String file, List<TextDataset> allowed) {
        List<String> known = allowed.stream().map(TextDataset::id).toList();
        if (dataset == null || !allowed.contains(dataset)) {
            throw new IllegalArgumentException(section + ".dataset " + (dataset == null ? "is required" : "\""
                    + dataset.id() + "\" is not accepted here") + "; known: " + known);
        }
        if ((dataset == FILE) != (file != null)) {
            throw new IllegalArgumentException(section + ".file is required with dataset: file and not allowed"
                    + " otherwise (dataset is " + dataset.id() + ")");
        }
    }
}
