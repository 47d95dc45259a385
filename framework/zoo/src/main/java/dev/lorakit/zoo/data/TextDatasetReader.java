package dev.lorakit.zoo.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads labelled texts from CSV (RFC 4180 quoting, fields may span lines), TSV (one record per
 * line, no quoting) or JSONL (one JSON object per line), UTF-8 with or without a byte-order mark.
 *
 * <pre>{@code
 * List<TextExample> data = TextDatasetReader.read(
 *         Path.of("polarity.csv"), new ColumnMapping("1", "0", null, false));
 * }</pre>
 */
public final class TextDatasetReader {

    /** File formats, chosen from the file extension by {@link #formatOf(Path)}. */
    public enum Format {
        /** Comma-separated, RFC 4180 quoting. */
        CSV,
        /** Tab-separated, no quoting. */
        TSV,
        /** One JSON object per line. */
        JSONL
    }

    private TextDatasetReader() {}

    /**
     * The format of a file by its extension ({@code .csv}, {@code .tsv}/{@code .tab},
     * {@code .jsonl}/{@code .ndjson}).
     *
     * @param file the file
     * @return the format
     * @throws IllegalArgumentException for other extensions, listing the known ones
     */
    public static Format formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        if (name.endsWith(".tsv") || name.endsWith(".tab")) {
            return Format.TSV;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return Format.JSONL;
        }
        throw new IllegalArgumentException(
                file + ": unknown data format; known extensions: .csv, .tsv, .tab, .jsonl, .ndjson");
    }

    /**
     * Reads a file in the format given by its extension.
     *
     * @param file the file
     * @param columns where text and label are
     * @return the examples, in file order; texts are trimmed
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the file, line and column of a malformed record
     */
    public static List<TextExample> read(Path file, ColumnMapping columns) throws IOException {
        return read(file, formatOf(file), columns);
    }

    /**
     * Reads a file in the given format.
     *
     * @param file the file
     * @param format its format
     * @param columns where text and label are
     * @return the examples, in file order; texts are trimmed
     * @throws IOException if the file cannot be read
     */
    public static List<TextExample> read(Path file, Format format, ColumnMapping columns)
            throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        if (content.startsWith("\uFEFF")) {
            content = content.substring(1);
        }
        switch (format) {
            case JSONL:
                return jsonl(file, content, columns);
            case TSV:
                return table(file, tsvRecords(content), columns);
            default:
                return table(file, CsvParser.records(content, file.toString()), columns);
        }
    }

    private static List<TextExample> table(Path file, List<Record> records, ColumnMapping columns) {
        List<TextExample> out = new ArrayList<>();
        if (records.isEmpty()) {
            return out;
        }
        int text;
        int label;
        int pair;
        int first = 0;
        if (columns.header()) {
            List<String> header = records.get(0).fields();
            text = column(file, header, columns.text());
            label = column(file, header, columns.label());
            pair = columns.textPair() == null ? -1 : column(file, header, columns.textPair());
            first = 1;
        } else {
            text = Integer.parseInt(columns.text());
            label = Integer.parseInt(columns.label());
            pair = columns.textPair() == null ? -1 : Integer.parseInt(columns.textPair());
        }
        int needed = Math.max(text, Math.max(label, pair)) + 1;
        for (int i = first; i < records.size(); i++) {
            Record r = records.get(i);
            if (r.fields().size() == 1 && r.fields().get(0).isBlank()) {
                continue;
            }
            if (r.fields().size() < needed) {
                throw new IllegalArgumentException(
                        file
                                + " line "
                                + r.line()
                                + ": "
                                + r.fields().size()
                                + " fields, but the column mapping needs "
                                + needed);
            }
            try {
                out.add(
                        new TextExample(
                                r.fields().get(text).trim(),
                                pair < 0 ? null : r.fields().get(pair).trim(),
                                r.fields().get(label).trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + r.line() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static int column(Path file, List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(
                    file + ": no column \"" + name + "\" in the header; columns are " + header);
        }
        return i;
    }

    private static List<Record> tsvRecords(String content) {
        List<Record> out = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i == lines.length - 1 && lines[i].isEmpty()) {
                break;
            }
            out.add(new Record(i + 1, List.of(lines[i].split("\t", -1))));
        }
        return out;
    }

    private static List<TextExample> jsonl(Path file, String content, ColumnMapping columns) {
        ObjectMapper mapper = new ObjectMapper();
        List<TextExample> out = new ArrayList<>();
        String[] lines = content.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = mapper.readTree(lines[i]);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        file + " line " + (i + 1) + ": not a JSON object: " + e.getOriginalMessage(), e);
            }
            String where = file + " line " + (i + 1);
            out.add(
                    new TextExample(
                            key(node, columns.text(), where).trim(),
                            columns.textPair() == null ? null : key(node, columns.textPair(), where).trim(),
                            key(node, columns.label(), where).trim()));
        }
        return out;
    }

    private static String key(JsonNode node, String key, String where) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull() || v.isContainerNode()) {
            throw new IllegalArgumentException(
                    where + ": key \"" + key + "\" is missing or not a scalar; keys are " + fieldNames(node));
        }
        return v.asText();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** One record of a delimited file and the line it starts on. */
    record Record(int line, List<String> fields) {}
}
