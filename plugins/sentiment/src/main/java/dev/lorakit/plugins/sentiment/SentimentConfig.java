package dev.lorakit.plugins.sentiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lorakit.api.TaskConfig;
import dev.lorakit.zoo.task.TextBatching;
import dev.lorakit.zoo.task.TextDataset;
import dev.lorakit.zoo.task.TextTaskChecks;
import java.util.List;

/**
 * The {@code sentiment:} section of an experiment config.
 *
 * <pre>{@code
 * sentiment:
 *   dataset: polarity          # or file, with file: reviews.csv
 *   labels: [negative, positive]
 *   max_length: 64
 *   validation_fraction: 0.0   # 0: evaluate on the test split
 *   test_fraction: 0.2
 *   split_seed: 0              # the same test set for every run seed
 *   batching: length           # or shuffled (default)
 * }</pre>
 *
 * @param dataset {@code polarity} (Pang &amp; Lee, binary) or {@code file}
 * @param file the CSV/TSV/JSONL file when {@code dataset: file}
 * @param textColumn column or key of the text (default {@code text})
 * @param labelColumn column or key of the label (default {@code label})
 * @param header whether a CSV/TSV file has a header row (default true)
 * @param labels the class names in class-id order, e.g. a five-point scale {@code [very negative,
 *     negative, neutral, positive, very positive]}; default: the data's labels sorted
 * @param backbone {@code null} for the real all-MiniLM-L6-v2 on the class path, a Hugging Face
 *     folder ({@code config.json} with {@code model_type: roberta} gives a RoBERTa backbone,
 *     {@code bert} a BERT one), or a MiniLM jar / folder / .onnx path
 * @param maxLength tokens per text, special tokens included (default 64)
 * @param validationFraction stratified validation share (default 0.1; 0 evaluates on the test split)
 * @param testFraction stratified test share (default 0.1)
 * @param splitSeed the seed of the split (default: the run seed); fix it to compare seeds on one test set
 * @param maxExamples use only this many examples, drawn with the run seed (optional; for smoke runs)
 * @param batching {@code shuffled} (default) or {@code length}: batches of texts of similar length
 *     ({@link TextBatching}); either way a batch is padded only to its longest text
 */
public record SentimentConfig(
        @JsonProperty("dataset") TextDataset dataset,
        @JsonProperty("file") String file,
        @JsonProperty("text_column") String textColumn,
        @JsonProperty("label_column") String labelColumn,
        @JsonProperty("header") Boolean header,
        @JsonProperty("labels") List<String> labels,
        @JsonProperty("backbone") String backbone,
        @JsonProperty("max_length") Integer maxLength,
        @JsonProperty("validation_fraction") Double validationFraction,
        @JsonProperty("test_fraction") Double testFraction,
        @JsonProperty("split_seed") Long splitSeed,
        @JsonProperty("max_examples") Integer maxExamples,
        @JsonProperty("batching") TextBatching batching)
        implements TaskConfig {

    static final String SECTION = "sentiment";

    /** Applies defaults and validates. */
    public SentimentConfig {
        TextDataset.validate(SECTION, dataset, file, List.of(TextDataset.POLARITY, TextDataset.FILE));
        textColumn = textColumn == null ? "text" : textColumn;
        labelColumn = labelColumn == null ? "label" : labelColumn;
        header = header == null ? Boolean.TRUE : header;
        labels = labels == null ? null : List.copyOf(labels);
        maxLength = maxLength == null ? 64 : maxLength;
        batching = batching == null ? TextBatching.SHUFFLED : batching;
        validationFraction = validationFraction == null ? 0.1 : validationFraction;
        testFraction = testFraction == null ? 0.1 : testFraction;
        TextTaskChecks.validate(SECTION, maxLength, validationFraction, testFraction, maxExamples);
        if (labels != null && (labels.size() < 2 || labels.stream().distinct().count() != labels.size())) {
            throw new IllegalArgumentException(SECTION + ".labels needs at least 2 distinct labels, got " + labels);
        }
    }

    /**
     * A config over the polarity set with every other key at its default.
     *
     * @return the config
     */
    public static SentimentConfig polarity() {
        return new SentimentConfig(TextDataset.POLARITY, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
