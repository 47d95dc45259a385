package dev.lorakit.host.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lorakit.lora.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code report.html}: a self-contained page (images as data URIs) with the run's summary, one
 * chart per metric drawn with XChart from {@code metrics.jsonl} (each on its own axis, so that
 * {@code charts/epsilon} is not flattened by {@code charts/SPS}), grouped under their prefix
 * ({@code train/}, {@code eval/}, {@code charts/}, ...), and the sections plugins contribute.
 * Metrics logged at a single step (such as {@code test/*}) are listed in a table under their
 * group instead of drawn.
 *
 * <p>Plugins contribute by writing files under the run directory's {@code report/} folder
 * while they run: images ({@code .png}, {@code .jpg}, {@code .gif}, {@code .svg}) are embedded
 * with their file name as caption, {@code .html} files are included as fragments and {@code .txt}
 * files as preformatted text, in file-name order.
 */
public final class ReportWriter {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private static final int WIDTH = 400;
    private static final int HEIGHT = 260;

    private ReportWriter() {}

    /**
     * Writes {@code report.html} into a run directory.
     *
     * @param runDirectory the run directory with {@code metrics.jsonl} and {@code summary.json}
     * @throws IOException when reading or writing fails
     */
    public static void write(Path runDirectory) throws IOException {
        System.setProperty("java.awt.headless", "true");
        StringBuilder html = new StringBuilder();
        JsonNode summary = JSON.readTree(runDirectory.resolve(RunFiles.SUMMARY).toFile());
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(escape(runDirectory.getFileName().toString()))
                .append("</title><style>body{font-family:sans-serif;max-width:820px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}"
                        + "img{max-width:100%}figure{margin:1em 0}.grid{display:flex;flex-wrap:wrap;gap:4px}"
                        + ".grid figure{margin:0;width:400px}</style></head><body>\n")
                .append("<h1>").append(escape(runDirectory.getFileName().toString())).append("</h1>\n");
        html.append("<h2>Summary</h2>\n<table>\n");
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) summary::fields) {
            html.append("<tr><th>").append(escape(e.getKey())).append("</th><td>")
                    .append(escape(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n<h2>Curves</h2>\n");
        Map<String, List<double[]>> series = MetricSeries.read(runDirectory.resolve(RunFiles.METRICS));
        if (series.isEmpty()) {
            html.append("<p>No metrics were logged.</p>\n");
        }
        for (Map.Entry<String, Map<String, List<double[]>>> group : groups(series).entrySet()) {
            html.append("<h3>").append(escape(group.getKey())).append("</h3>\n");
            appendCharts(group.getValue(), html);
            appendSinglePoints(group.getValue(), html);
        }
        appendContributions(runDirectory.resolve(RunFiles.REPORT_DIR), html);
        html.append("</body></html>\n");
        AtomicFiles.writeString(runDirectory.resolve(RunFiles.REPORT), html.toString());
    }

    /** A metric logged at two or more steps is a curve. */
    private static void appendCharts(Map<String, List<double[]>> metrics, StringBuilder html) throws IOException {
        StringBuilder grid = new StringBuilder();
        for (Map.Entry<String, List<double[]>> metric : metrics.entrySet()) {
            if (metric.getValue().size() > 1) {
                grid.append("<figure><img alt=\"").append(escape(metric.getKey()))
                        .append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(chart(metric.getKey(), metric.getValue())))
                        .append("\"></figure>\n");
            }
        }
        if (!grid.isEmpty()) {
            html.append("<div class=\"grid\">\n").append(grid).append("</div>\n");
        }
    }

    /**
     * A metric logged once (the test split's, evaluated at the end of a run) is a number, not a
     * curve: a chart of one point says less than a table row.
     */
    private static void appendSinglePoints(Map<String, List<double[]>> metrics, StringBuilder html) {
        StringBuilder rows = new StringBuilder();
        for (Map.Entry<String, List<double[]>> metric : metrics.entrySet()) {
            if (metric.getValue().size() == 1) {
                double[] point = metric.getValue().get(0);
                rows.append("<tr><td>").append(escape(metric.getKey())).append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.0f", point[0])).append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.6g", point[1])).append("</td></tr>\n");
            }
        }
        if (!rows.isEmpty()) {
            html.append("<table class=\"single\">\n<tr><th>metric</th><th>step</th><th>value</th></tr>\n")
                    .append(rows).append("</table>\n");
        }
    }

    private static Map<String, Map<String, List<double[]>>> groups(Map<String, List<double[]>> series) {
        Map<String, Map<String, List<double[]>>> groups = new LinkedHashMap<>();
        series.forEach((name, points) -> {
            int slash = name.indexOf('/');
            String group = slash > 0 ? name.substring(0, slash) : "metrics";
            groups.computeIfAbsent(group, g -> new LinkedHashMap<>()).put(name, points);
        });
        return groups;
    }

    private static byte[] chart(String metric, List<double[]> points) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(metric).xAxisTitle("step").build();
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setLegendVisible(false);
        double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
        chart.addSeries(metric, x, y).setMarker(x.length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    private static void appendContributions(Path dir, StringBuilder html) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        if (files.isEmpty()) {
            return;
        }
        html.append("<h2>From the plugin</h2>\n");
        for (Path f : files) {
            String name = f.getFileName().toString();
            String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            String mime = switch (ext) {
                case "png" -> "image/png";
                case "jpg", "jpeg" -> "image/jpeg";
                case "gif" -> "image/gif";
                case "svg" -> "image/svg+xml";
                default -> null;
            };
            if (mime != null) {
                html.append("<figure><img alt=\"").append(escape(name)).append("\" src=\"data:").append(mime)
                        .append(";base64,").append(Base64.getEncoder().encodeToString(Files.readAllBytes(f)))
                        .append("\"><figcaption>").append(escape(name)).append("</figcaption></figure>\n");
            } else if (ext.equals("html")) {
                html.append(Files.readString(f, StandardCharsets.UTF_8)).append('\n');
            } else if (ext.equals("txt")) {
                html.append("<h3>").append(escape(name)).append("</h3><pre>")
                        .append(escape(Files.readString(f, StandardCharsets.UTF_8))).append("</pre>\n");
            }
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
