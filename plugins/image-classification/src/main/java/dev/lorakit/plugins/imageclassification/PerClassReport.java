package dev.lorakit.plugins.imageclassification;

import dev.lorakit.train.metrics.ConfusionMatrix;
import java.util.Locale;

/**
 * The per-class table of {@code report.html}: for each true class its examples, accuracy
 * (recall) and the class it is most often mistaken for, so that the figures behind the
 * confusion matrix's shading are readable without one chart per {@code class_accuracy} metric.
 */
final class PerClassReport {

    private PerClassReport() {}

    /**
     * The HTML fragment.
     *
     * @param matrix the confusion matrix of one evaluation pass
     * @param split which split it counts, for the heading
     * @return a {@code <h3>} and a {@code <table>}
     */
    static String html(ConfusionMatrix matrix, String split) {
        StringBuilder html = new StringBuilder();
        html.append(String.format(Locale.ROOT, "<h3>Per-class accuracy, %s (%d examples, accuracy %.2f%%)</h3>%n",
                split, matrix.total(), 100 * matrix.accuracy()));
        html.append("<table>\n<tr><th>class</th><th>examples</th><th>accuracy</th><th>most often predicted instead</th></tr>\n");
        int n = matrix.numClasses();
        for (int actual = 0; actual < n; actual++) {
            long support = 0;
            int worst = -1;
            for (int predicted = 0; predicted < n; predicted++) {
                support += matrix.count(actual, predicted);
                if (predicted != actual && matrix.count(actual, predicted) > 0
                        && (worst < 0 || matrix.count(actual, predicted) > matrix.count(actual, worst))) {
                    worst = predicted;
                }
            }
            String name = matrix.classNames().get(actual);
            // Digits are named by their index: "3", not "3 3".
            String label = name.equals(Integer.toString(actual)) ? name : actual + " " + name;
            html.append("<tr><td>").append(escape(label)).append("</td><td>")
                    .append(support).append("</td><td>")
                    .append(support == 0 ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * matrix.classAccuracy(actual)))
                    .append("</td><td>")
                    .append(worst < 0 ? "-" : escape(matrix.classNames().get(worst)) + " (" + matrix.count(actual, worst) + ")")
                    .append("</td></tr>\n");
        }
        return html.append("</table>\n").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
