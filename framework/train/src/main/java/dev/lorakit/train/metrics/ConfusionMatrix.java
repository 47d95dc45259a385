package dev.lorakit.train.metrics;

import dev.lorakit.lora.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Counts of (true class, predicted class) pairs, with the accuracies derived from them and a
 * heat-map drawing for the run report.
 */
public final class ConfusionMatrix {

    private static final int CELL = 44;
    private static final int LEFT = 150;
    private static final int TOP = 56;
    private static final int BOTTOM = 40;

    private final List<String> classNames;
    private final long[][] counts;

    /**
     * An empty matrix.
     *
     * @param classNames class names, index = label
     */
    public ConfusionMatrix(List<String> classNames) {
        if (classNames.size() < 2) {
            throw new IllegalArgumentException("A confusion matrix needs at least 2 classes, got " + classNames);
        }
        this.classNames = List.copyOf(classNames);
        this.counts = new long[classNames.size()][classNames.size()];
    }

    /**
     * Counts one prediction.
     *
     * @param actual the true class
     * @param predicted the predicted class
     */
    public void add(int actual, int predicted) {
        counts[actual][predicted]++;
    }

    /**
     * How often class {@code actual} was predicted as {@code predicted}.
     *
     * @param actual the true class
     * @param predicted the predicted class
     * @return the count
     */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /**
     * Number of classes.
     *
     * @return the size of each side
     */
    public int numClasses() {
        return classNames.size();
    }

    /**
     * Examples counted.
     *
     * @return the total
     */
    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long c : row) {
                n += c;
            }
        }
        return n;
    }

    /**
     * Share of correct predictions.
     *
     * @return accuracy, NaN when empty
     */
    public double accuracy() {
        long correct = 0;
        for (int i = 0; i < counts.length; i++) {
            correct += counts[i][i];
        }
        long n = total();
        return n == 0 ? Double.NaN : (double) correct / n;
    }

    /**
     * Share of examples of one class predicted correctly (the class's recall).
     *
     * @param actual the class
     * @return its accuracy, NaN when the class had no examples
     */
    public double classAccuracy(int actual) {
        long n = 0;
        for (long c : counts[actual]) {
            n += c;
        }
        return n == 0 ? Double.NaN : (double) counts[actual][actual] / n;
    }

    /**
     * Unweighted mean over classes of F1 = 2·TP / (2·TP + FP + FN); a class never seen nor
     * predicted counts as 0, as scikit-learn's {@code f1_score(average="macro", zero_division=0)}.
     *
     * @return macro-F1, NaN when empty
     */
    public double macroF1() {
        if (total() == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int c = 0; c < counts.length; c++) {
            long predicted = 0;
            long actual = 0;
            for (int k = 0; k < counts.length; k++) {
                predicted += counts[k][c];
                actual += counts[c][k];
            }
            long denominator = predicted + actual;
            sum += denominator == 0 ? 0 : 2.0 * counts[c][c] / denominator;
        }
        return sum / counts.length;
    }

    /**
     * The class names, index = label.
     *
     * @return the names
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * The matrix as JSON: class names and rows of counts (row = true class).
     *
     * @return a JSON object
     */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\"classes\": [");
        for (int i = 0; i < classNames.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append('"').append(classNames.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        sb.append("], \"rows_are\": \"true class\", \"counts\": [");
        for (int i = 0; i < counts.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(java.util.Arrays.toString(counts[i]));
        }
        return sb.append("]}").toString();
    }

    /**
     * Draws the matrix as a heat map: rows are true classes, columns predictions, each cell
     * shaded by its share of the row and labelled with its count.
     *
     * @param title a caption, e.g. the split and its accuracy
     * @return the picture
     */
    public BufferedImage draw(String title) {
        int k = classNames.size();
        int width = LEFT + k * CELL + 20;
        int height = TOP + k * CELL + BOTTOM;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.setColor(Color.BLACK);
            g.drawString(title, 8, 18);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString("predicted →", LEFT, TOP - 22);
            FontMetrics fm = g.getFontMetrics();
            for (int i = 0; i < k; i++) {
                String row = rowLabel(i);
                g.setColor(Color.BLACK);
                g.drawString(row, LEFT - 6 - fm.stringWidth(row), TOP + i * CELL + CELL / 2 + 4);
                String col = Integer.toString(i);
                g.drawString(col, LEFT + i * CELL + (CELL - fm.stringWidth(col)) / 2, TOP - 6);
                long rowTotal = 0;
                for (long c : counts[i]) {
                    rowTotal += c;
                }
                for (int j = 0; j < k; j++) {
                    double share = rowTotal == 0 ? 0 : (double) counts[i][j] / rowTotal;
                    int shade = (int) Math.round(255 * (1 - share));
                    g.setColor(i == j ? new Color(shade, shade, 255) : new Color(255, shade, shade));
                    g.fillRect(LEFT + j * CELL, TOP + i * CELL, CELL, CELL);
                    g.setColor(Color.LIGHT_GRAY);
                    g.drawRect(LEFT + j * CELL, TOP + i * CELL, CELL, CELL);
                    String text = Long.toString(counts[i][j]);
                    g.setColor(share > 0.6 ? Color.WHITE : Color.BLACK);
                    g.drawString(text, LEFT + j * CELL + (CELL - fm.stringWidth(text)) / 2, TOP + i * CELL + CELL / 2 + 4);
                }
            }
            g.setColor(Color.DARK_GRAY);
            g.drawString("rows: true class; cells: count, shaded by share of the row", LEFT, TOP + k * CELL + 24);
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * A row's label in {@link #draw}: the class name followed by its index (the column label),
     * or the name alone when it already is the index, as for digits ("3", not "3 (3)").
     */
    String rowLabel(int index) {
        String name = classNames.get(index);
        String column = Integer.toString(index);
        return name.equals(column) ? name : name + " (" + column + ")";
    }

    /**
     * Writes {@link #draw} as a PNG (atomically).
     *
     * @param file the PNG path
     * @param title the caption
     * @throws IOException when writing fails
     */
    public void writePng(Path file, String title) throws IOException {
        BufferedImage image = draw(title);
        AtomicFiles.write(file, ch -> ImageIO.write(image, "png", Channels.newOutputStream(ch)));
    }
}
