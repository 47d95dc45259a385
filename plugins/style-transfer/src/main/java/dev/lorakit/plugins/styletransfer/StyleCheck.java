package dev.lorakit.plugins.styletransfer;

import dev.lorakit.lora.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a stylised picture shows the style, measured rather than eyeballed: the loss network's
 * style loss and the plain colour distances to the style picture ({@link ColourStatistics}), each
 * for the content picture ("before") and for the result ("after"), and the result's content loss.
 * A style is called visible when the style loss fell and the picture's colours moved towards the
 * style picture's by both colour measures.
 *
 * @param picture the content picture's file name
 * @param styleLossBefore style loss of the content picture itself
 * @param styleLossAfter style loss of the result
 * @param contentLossAfter content loss of the result (0 for the content picture)
 * @param colourDistanceBefore {@link ColourStatistics#momentDistance} content → style
 * @param colourDistanceAfter the same for result → style
 * @param histogramDistanceBefore {@link ColourStatistics#histogramDistance} content → style
 * @param histogramDistanceAfter the same for result → style
 */
public record StyleCheck(
        String picture,
        double styleLossBefore,
        double styleLossAfter,
        double contentLossAfter,
        double colourDistanceBefore,
        double colourDistanceAfter,
        double histogramDistanceBefore,
        double histogramDistanceAfter) {

    /** The report file of the check, a table shown in {@code report.html}. */
    static final String REPORT_FILE = "report/style-check.html";

    /**
     * Measures one picture.
     *
     * @param picture the content picture's name
     * @param content the content picture
     * @param result the stylised picture
     * @param style the style picture's statistics
     * @param styleLossBefore the content picture's style loss
     * @param styleLossAfter the result's style loss
     * @param contentLossAfter the result's content loss
     * @return the check
     */
    static StyleCheck of(String picture, BufferedImage content, BufferedImage result, ColourStatistics style,
            double styleLossBefore, double styleLossAfter, double contentLossAfter) {
        ColourStatistics before = ColourStatistics.of(content);
        ColourStatistics after = ColourStatistics.of(result);
        return new StyleCheck(picture, styleLossBefore, styleLossAfter, contentLossAfter,
                before.momentDistance(style), after.momentDistance(style),
                before.histogramDistance(style), after.histogramDistance(style));
    }

    /**
     * Style loss fell and both colour distances to the style picture fell.
     *
     * @return whether the style is measurably visible
     */
    public boolean styleVisible() {
        return styleLossAfter < styleLossBefore && colourDistanceAfter < colourDistanceBefore
                && histogramDistanceAfter < histogramDistanceBefore;
    }

    /**
     * The means over pictures as metrics: {@code style_loss_content}, {@code style_loss_result},
     * {@code content_loss_result}, {@code colour_distance_content}, {@code colour_distance_result},
     * {@code histogram_distance_content}, {@code histogram_distance_result} and {@code
     * style_visible} (the fraction of pictures whose style is visible), each behind {@code prefix}.
     *
     * @param checks one per picture, not empty
     * @param prefix e.g. {@code check/}
     * @return the metrics, in that order
     */
    static Map<String, Double> means(List<StyleCheck> checks, String prefix) {
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("No pictures were checked");
        }
        double n = checks.size();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + "style_loss_content", checks.stream().mapToDouble(StyleCheck::styleLossBefore).sum() / n);
        m.put(prefix + "style_loss_result", checks.stream().mapToDouble(StyleCheck::styleLossAfter).sum() / n);
        m.put(prefix + "content_loss_result", checks.stream().mapToDouble(StyleCheck::contentLossAfter).sum() / n);
        m.put(prefix + "colour_distance_content", checks.stream().mapToDouble(StyleCheck::colourDistanceBefore).sum() / n);
        m.put(prefix + "colour_distance_result", checks.stream().mapToDouble(StyleCheck::colourDistanceAfter).sum() / n);
        m.put(prefix + "histogram_distance_content", checks.stream().mapToDouble(StyleCheck::histogramDistanceBefore).sum() / n);
        m.put(prefix + "histogram_distance_result", checks.stream().mapToDouble(StyleCheck::histogramDistanceAfter).sum() / n);
        m.put(prefix + "style_visible", checks.stream().filter(StyleCheck::styleVisible).count() / n);
        return m;
    }

    /**
     * Writes the checks as an HTML table to {@value #REPORT_FILE} in a run directory.
     *
     * @param checks one per picture
     * @param runDirectory the run directory
     * @throws IOException when writing fails
     */
    static void writeReport(List<StyleCheck> checks, Path runDirectory) throws IOException {
        StringBuilder html = new StringBuilder("<h3>Style check</h3>\n<p>Distances to the style picture of the "
                + "content picture (before) and of the result (after). Style loss: the loss network's Gram-matrix loss; "
                + "colour: distance of the RGB means and deviations; histogram: 1 &minus; intersection of 8&times;8&times;8-bin "
                + "colour histograms. Visible = all three fell.</p>\n<table>\n<tr><th>picture</th><th>style loss before</th>"
                + "<th>after</th><th>content loss after</th><th>colour before</th><th>after</th><th>histogram before</th>"
                + "<th>after</th><th>visible</th></tr>\n");
        for (StyleCheck c : checks) {
            html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.4g</td><td>%.4g</td><td>%.4g</td><td>%.3f</td>"
                            + "<td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%s</td></tr>%n",
                    escape(c.picture), c.styleLossBefore, c.styleLossAfter, c.contentLossAfter, c.colourDistanceBefore,
                    c.colourDistanceAfter, c.histogramDistanceBefore, c.histogramDistanceAfter, c.styleVisible() ? "yes" : "no"));
        }
        html.append("</table>\n");
        AtomicFiles.writeString(runDirectory.resolve(REPORT_FILE), html.toString());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
