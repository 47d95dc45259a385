package dev.lorakit.host.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code metrics.jsonl}: one JSON object per logged step, {@code {"step": 100, "train/loss":
 * 0.41, "charts/SPS": 812.5}}, flushed per line so a killed run keeps what it logged. Non-finite
 * values are written as {@code null} (JSON has no NaN).
 */
public final class MetricsJournal implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedWriter out;

    /**
     * Opens the journal for appending.
     *
     * @param file {@code metrics.jsonl}
     * @throws IOException when it cannot be opened
     */
    public MetricsJournal(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /**
     * Appends one step's metrics.
     *
     * @param step the step
     * @param metrics name to value
     */
    public synchronized void log(long step, Map<String, Double> metrics) {
        ObjectNode line = JSON.createObjectNode();
        line.put("step", step);
        new TreeMap<>(metrics).forEach((k, v) -> {
            if (v == null || !Double.isFinite(v)) {
                line.putNull(k);
            } else {
                line.put(k, v);
            }
        });
        try {
            out.write(JSON.writeValueAsString(line));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to metrics.jsonl", e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /**
     * Reads a journal back as one series per metric.
     *
     * @param file {@code metrics.jsonl}
     * @return metric name to its (step, value) points in file order; nulls are skipped
     * @throws IOException when the file cannot be read or a line is not JSON
     */
    public static Map<String, List<double[]>> read(Path file) throws IOException {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                throw new IOException(file + ":" + lineNo + ": not a JSON object", e);
            }
            long step = node.path("step").asLong();
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
                if (!e.getKey().equals("step") && e.getValue().isNumber()) {
                    series.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                            .add(new double[] {step, e.getValue().asDouble()});
                }
            }
        }
        return series;
    }
}
