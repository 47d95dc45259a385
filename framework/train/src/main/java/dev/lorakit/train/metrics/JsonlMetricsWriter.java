package dev.lorakit.train.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code metrics.jsonl}: one JSON object per logged step, {@code {"step": 10,
 * "train/loss": 0.69, ...}}, flushed line by line so that a killed run keeps what it logged.
 * Non-finite values are written as {@code null} (JSON has no NaN).
 *
 * <p>On {@link #onResume(long, long)} the file is rewritten (temp file, fsync, atomic rename)
 * keeping only the records logged before the checkpoint (and dropping a line torn by a kill),
 * so a resumed run's file reads as an uninterrupted run's.
 */
public final class JsonlMetricsWriter implements MetricsListener {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private BufferedWriter writer;

    private JsonlMetricsWriter(Path file) throws IOException {
        this.file = file;
        this.writer = openAppend(file);
    }

    /**
     * Opens (appending to) a metrics file.
     *
     * @param file the {@code metrics.jsonl} path; parent directories are created
     * @return the writer
     * @throws IOException when the file cannot be opened
     */
    public static JsonlMetricsWriter open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new JsonlMetricsWriter(file);
    }

    @Override
    public synchronized void onMetrics(long step, Map<String, Double> metrics) {
        ObjectNode line = JSON.createObjectNode();
        line.put("step", step);
        metrics.forEach((k, v) -> {
            if (v == null || !Double.isFinite(v)) {
                line.putNull(k);
            } else {
                line.put(k, v);
            }
        });
        try {
            writer.write(JSON.writeValueAsString(line));
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    @Override
    public synchronized void onResume(long step, long records) throws IOException {
        writer.close();
        List<String> kept = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    continue; // a line torn by the kill
                }
                if (kept.size() == records) {
                    break;
                }
                if (node != null && node.has("step")) {
                    kept.add(line);
                }
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, kept, StandardCharsets.UTF_8);
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            c.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        writer = openAppend(file);
    }

    /**
     * Reads a metrics file back, one map per line (null values become NaN).
     *
     * @param file the {@code metrics.jsonl}
     * @return the lines, each with {@code step} as a number
     * @throws IOException when the file is unreadable
     */
    public static List<Map<String, Double>> read(Path file) throws IOException {
        List<Map<String, Double>> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Double> row = new java.util.LinkedHashMap<>();
            JSON.readTree(line).fields().forEachRemaining(e ->
                    row.put(e.getKey(), e.getValue().isNull() ? Double.NaN : e.getValue().asDouble()));
            out.add(row);
        }
        return out;
    }

    private static BufferedWriter openAppend(Path file) throws IOException {
        return Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }
}
