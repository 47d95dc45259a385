package dev.lorakit.host.compare;

import dev.lorakit.lora.io.AtomicFiles;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code compare.html}: a self-contained page (PNG data URIs) with the comparison table and, for
 * every metric that each mode logged, one chart with every run's curve (one colour per mode, one
 * line per seed), drawn with XChart like {@code report.html}.
 */
public final class CompareReport {

    private static final int WIDTH = 400;
    private static final int HEIGHT = 260;
    private static final Color[] MODE_COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c)};

    private CompareReport() {}

    /**
     * Writes the page atomically.
     *
     * @param html the file to write
     * @param title the page title, e.g. the config name
     * @param table the comparison
     * @param runs the runs whose curves are drawn
     * @throws IOException when writing fails
     */
    public static void write(Path html, String title, CompareTable table, List<CompareRun> runs) throws IOException {
        System.setProperty("java.awt.headless", "true");
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title><style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}"
                        + "td:first-child{text-align:left}img{max-width:100%}.grid{display:flex;flex-wrap:wrap;gap:4px}"
                        + ".grid figure{margin:0;width:400px}</style></head><body>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n<table>\n<tr><th>quantity</th>");
        table.modes().forEach(m -> out.append("<th>").append(m.id()).append("</th>"));
        out.append("</tr>\n");
        for (CompareTable.Row row : table.rows()) {
            out.append("<tr><td>").append(escape(row.label())).append("</td>");
            table.modes().forEach(m -> out.append("<td>").append(escape(CompareTable.cell(row, m))).append("</td>"));
            out.append("</tr>\n");
        }
        out.append("</table>\n<p>Runs: ");
        for (CompareRun r : runs) {
            out.append("<code>").append(escape(r.runDirectory().getFileName().toString())).append("</code> ");
        }
        out.append("</p>\n<h2>Learning curves</h2>\n<div class=\"grid\">\n");
        for (String metric : sharedMetrics(table.modes(), runs)) {
            out.append("<figure><img alt=\"").append(escape(metric)).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(chart(metric, table.modes(), runs)))
                    .append("\"></figure>\n");
        }
        out.append("</div>\n</body></html>\n");
        AtomicFiles.writeString(html, out.toString());
    }

    /**
     * The metrics every mode logged (in at least one of its runs), in first-logged order.
     *
     * @param modes the modes
     * @param runs the runs
     * @return the metric names
     */
    static Set<String> sharedMetrics(List<CompareMode> modes, List<CompareRun> runs) {
        Set<String> shared = new LinkedHashSet<>();
        runs.forEach(r -> shared.addAll(r.series().keySet()));
        for (CompareMode m : modes) {
            Set<String> ofMode = new LinkedHashSet<>();
            runs.stream().filter(r -> r.mode() == m).forEach(r -> ofMode.addAll(r.series().keySet()));
            shared.retainAll(ofMode);
        }
        return shared;
    }

    private static byte[] chart(String metric, List<CompareMode> modes, List<CompareRun> runs) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(metric).xAxisTitle("step").build();
        chart.getStyler().setMarkerSize(4);
        for (CompareRun run : runs) {
            List<double[]> points = run.series().get(metric);
            if (points == null) {
                continue;
            }
            double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
            Color color = MODE_COLORS[modes.indexOf(run.mode()) % MODE_COLORS.length];
            XYSeries series = chart.addSeries(run.mode().id() + " seed " + run.seed(), x, y);
            series.setLineColor(color);
            series.setMarkerColor(color);
            series.setMarker(x.length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
