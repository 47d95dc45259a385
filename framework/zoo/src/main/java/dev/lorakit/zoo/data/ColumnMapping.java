package dev.lorakit.zoo.data;

/**
 * Which columns (CSV/TSV) or keys (JSONL) hold the text, the label and the optional second text.
 *
 * <p>For a delimited file with a header row, columns are header names; without one they are
 * zero-based indices written as numbers ({@code "1"}). For JSONL they are object keys.
 *
 * @param text column of the text
 * @param label column of the label
 * @param textPair column of the second text, or {@code null} for single-text tasks
 * @param header whether a delimited file starts with a header row (ignored for JSONL)
 */
public record ColumnMapping(String text, String label, String textPair, boolean header) {

    /** Validates that the required columns are named and, without a header, are indices. */
    public ColumnMapping {
        require("text", text);
        require("label", label);
        if (!header) {
            index("text", text);
            index("label", label);
            if (textPair != null) {
                index("text_pair", textPair);
            }
        }
    }

    /**
     * Columns {@code text} and {@code label} of a file with a header row (or JSONL keys).
     *
     * @return the mapping
     */
    public static ColumnMapping textAndLabel() {
        return new ColumnMapping("text", "label", null, true);
    }

    private static void require(String what, String column) {
        if (column == null || column.isBlank()) {
            throw new IllegalArgumentException("column mapping: the " + what + " column is required");
        }
    }

    private static void index(String what, String column) {
        if (!column.matches("\\d+")) {
            throw new IllegalArgumentException(
                    "column mapping: without a header row the "
                            + what
                            + " column must be a zero-based index, got \""
                            + column
                            + "\"");
        }
    }
}
