package dev.lorakit.plugins.textclassification;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lorakit.api.TaskConfig;
import dev.lorakit.zoo.task.TextBatching;
import dev.lorakit.zoo.task.TextDataset;
import dev.lorakit.zoo.task.TextTaskChecks;
import java.util.List;

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
 * @param validationFraction stratified validation share (default 0.1; 0 evaluates on the test split)
 * @param testFraction stratified test share (default 0.1)
 * @param maxExamples use only this many examples, drawn with the run seed (optional; for smoke runs)
 * @param batching {@code shuffled} (default) or {@code length}: batches of texts of similar length
 *     ({@link TextBatching}); either way a batch is padded only to its longest text
 */
public record TextClassificationConfig(
        @JsonProperty("dataset") TextDataset dataset,
        @JsonProperty("file") String file,
        @JsonProperty("text_column") String textColumn,
        @JsonProperty("label_column") String labelColumn,
        @JsonProperty("text_pair_column") String textPairColumn,
        @JsonProperty("header") Boolean header,
        @JsonProperty("backbone") String backbone,
        @JsonProperty("max_length") Integer maxLength,
        @JsonProperty("validation_fraction") Double validationFraction,
        @JsonProperty("test_fraction") Double testFraction,
        @JsonProperty("max_examples") Integer maxExamples,
        @JsonProperty("batching") TextBatching batching)
        implements TaskConfig {

    private static final String SECTION = "text-classification.";

    /** Applies defaults and validates. */
    public TextClassificationConfig {
        TextDataset.validate("text-classification", dataset, file, List.of(TextDataset.values()));
        textColumn = textColumn == null ? "text" : textColumn;
        labelColumn = labelColumn == null ? "label" : labelColumn;
        header = header == null ? Boolean.TRUE : header;
        maxLength = maxLength == null ? 128 : maxLength;
        batching = batching == null ? TextBatching.SHUFFLED : batching;
        validationFraction = validationFraction == null ? 0.1 : validationFraction;
        testFraction = testFraction == null ? 0.1 : testFraction;
        TextTaskChecks.validate("text-classification", maxLength, validationFraction, testFraction, maxExamples);
    }
}
