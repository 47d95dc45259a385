package dev.lorakit.plugins.textclassification;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.lorakit.api.TaskConfig;
import java.util.Locale;

/**
 * The {@code text-classification:} section of an experiment config.
 *
 * @param dataset {@code spam} (SpamAssassin), {@code polarity} (Pang &amp; Lee) or {@code file}
 * @param file the CSV/TSV/JSONL file when {@code dataset: file}
 * @param textColumn column or key of the text (file data sets; default {@code text})
 * @param labelColumn column or key of the label (default {@code label})
 * @param textPairColumn column of a second text, for pair tasks (optional)
 * @param header whether a CSV/TSV file has a header row (default true)
 * @param backbone {@code null} for the real all-MiniLM-L6-v2 on the class path, else a Hugging
 *     Face model folder (with {@code config.json}) or a MiniLM jar / folder / .onnx path
 * @param maxLength tokens per text, special tokens included (default 128)
 * @param validationFraction stratified validation share (default 0.1)
 * @param testFraction stratified test share (default 0.1)
 * @param maxExamples use only this many examples, drawn with the run seed (optional; for smoke runs)
 */
public record TextClassificationConfig(
        @JsonProperty("dataset") Dataset dataset,
        @JsonProperty("file") String file,
        @JsonProperty("text_column") String textColumn,
        @JsonProperty("label_column") String labelColumn,
        @JsonProperty("text_pair_column") String textPairColumn,
        @JsonProperty("header") Boolean header,
        @JsonProperty("backbone") String backbone,
        @JsonProperty("max_length") Integer maxLength,
        @JsonProperty("validation_fraction") Double validationFraction,
        @JsonProperty("test_fraction") Double testFraction,
        @JsonProperty("max_examples") Integer maxExamples)
        implements TaskConfig {

    private static final String SECTION = "text-classification.";

    /** Where the labelled texts come from. */
    public enum Dataset {
        /** The SpamAssassin corpus (ham / spam), fetched by fetch-spam.sh. */
        SPAM("spam"),
        /** Pang &amp; Lee sentence polarity (negative / positive), fetched by fetch-polarity.sh. */
        POLARITY("polarity"),
        /** A CSV, TSV or JSONL file named by {@code file}. */
        FILE("file");

        private final String id;

        Dataset(String id) {
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
         */
        @JsonCreator
        public static Dataset of(String value) {
            for (Dataset d : values()) {
                if (d.id.equals(value.toLowerCase(Locale.ROOT))) {
                    return d;
                }
            }
            throw new IllegalArgumentException(
                    SECTION + "dataset \"" + value + "\" is unknown; known: [spam, polarity, file]");
        }
    }

    /** Applies defaults and validates. */
    public TextClassificationConfig {
        if (dataset == null) {
            throw new IllegalArgumentException(SECTION + "dataset is required; known: [spam, polarity, file]");
        }
        if ((dataset == Dataset.FILE) != (file != null)) {
            throw new IllegalArgumentException(
                    SECTION + "file is required with dataset: file and not allowed otherwise (dataset is "
                            + dataset.id() + ")");
        }
        textColumn = textColumn == null ? "text" : textColumn;
        labelColumn = labelColumn == null ? "label" : labelColumn;
        header = header == null ? Boolean.TRUE : header;
        maxLength = maxLength == null ? 128 : maxLength;
        validationFraction = validationFraction == null ? 0.1 : validationFraction;
        testFraction = testFraction == null ? 0.1 : testFraction;
        if (maxLength < 8 || maxLength > 512) {
            throw new IllegalArgumentException(SECTION + "max_length must be in [8, 512], got " + maxLength);
        }
        if (!(validationFraction > 0 && testFraction >= 0 && validationFraction + testFraction < 1)) {
            throw new IllegalArgumentException(
                    SECTION + "validation_fraction must be > 0, test_fraction >= 0 and their sum < 1; got "
                            + validationFraction + " and " + testFraction);
        }
        if (maxExamples != null && maxExamples < 10) {
            throw new IllegalArgumentException(SECTION + "max_examples must be >= 10, got " + maxExamples);
        }
    }
}
