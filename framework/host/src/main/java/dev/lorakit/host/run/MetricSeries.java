package dev.lorakit.host.run;

import dev.lorakit.train.metrics.JsonlMetricsWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code metrics.jsonl} read back as one series per metric, for the summary and the report. */
public final class MetricSeries {

    private MetricSeries() {}

    /**
     * Reads a journal.
     *
     * @param file {@code metrics.jsonl}
     * @return metric name to its (step, value) points in file order; non-finite values skipped
     * @throws IOException when the file cannot be read
     */
    public static Map<String, List<double[]>> read(Path file) throws IOException {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (Map<String, Double> row : JsonlMetricsWriter.read(file)) {
            Double step = row.get("step");
            if (step == null) {
                continue;
            }
            row.forEach((k, v) -> {
                if (!k.equals("step") && v != null && Double.isFinite(v)) {
                    series.computeIfAbsent(k, x -> new ArrayList<>()).add(new double[] {step, v});
                }
            });
        }
        return series;
    }
}
