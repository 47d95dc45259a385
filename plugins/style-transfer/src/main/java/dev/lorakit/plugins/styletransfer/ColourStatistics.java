package dev.lorakit.plugins.styletransfer;

import java.awt.image.BufferedImage;

/**
 * Colour statistics of a picture that do not depend on the loss network: the per-channel mean
 * and standard deviation of its RGB values in {@code [0, 1]}, and its joint RGB histogram (8 bins
 * per channel). With a random-weight VGG19 the perceptual losses measure random features, so a
 * run also reports how far its pictures' colours moved towards the style picture's by these
 * plain statistics.
 *
 * <pre>{@code
 * ColourStatistics style = ColourStatistics.of(stylePicture);
 * double before = ColourStatistics.of(content).momentDistance(style);
 * double after = ColourStatistics.of(result).momentDistance(style);   // lower: closer in colour
 * }</pre>
 *
 * @param mean per-channel mean, R, G, B
 * @param std per-channel standard deviation, R, G, B
 * @param histogram joint RGB histogram, {@value #BINS}³ bins summing to 1, index {@code (r·B + g)·B + b}
 */
public record ColourStatistics(double[] mean, double[] std, double[] histogram) {

    /** Bins per channel of the histogram. */
    public static final int BINS = 8;

    /**
     * Checks the arrays' lengths.
     *
     * @param mean three means
     * @param std three standard deviations
     * @param histogram {@code BINS³} frequencies
     */
    public ColourStatistics {
        if (mean.length != 3 || std.length != 3 || histogram.length != BINS * BINS * BINS) {
            throw new IllegalArgumentException("ColourStatistics needs 3 means, 3 deviations and " + BINS * BINS * BINS
                    + " histogram bins, got " + mean.length + ", " + std.length + ", " + histogram.length);
        }
        mean = mean.clone();
        std = std.clone();
        histogram = histogram.clone();
    }

    /**
     * Measures a picture.
     *
     * @param picture any RGB picture (alpha is ignored)
     * @return its statistics
     */
    public static ColourStatistics of(BufferedImage picture) {
        double[] sum = new double[3];
        double[] squares = new double[3];
        double[] histogram = new double[BINS * BINS * BINS];
        long n = (long) picture.getWidth() * picture.getHeight();
        int[] rgb = new int[3];
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                int p = picture.getRGB(x, y);
                rgb[0] = (p >> 16) & 0xFF;
                rgb[1] = (p >> 8) & 0xFF;
                rgb[2] = p & 0xFF;
                for (int c = 0; c < 3; c++) {
                    double v = rgb[c] / 255.0;
                    sum[c] += v;
                    squares[c] += v * v;
                }
                int bin = ((rgb[0] * BINS / 256) * BINS + rgb[1] * BINS / 256) * BINS + rgb[2] * BINS / 256;
                histogram[bin]++;
            }
        }
        double[] mean = new double[3];
        double[] std = new double[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = sum[c] / n;
            std[c] = Math.sqrt(Math.max(0, squares[c] / n - mean[c] * mean[c]));
        }
        for (int i = 0; i < histogram.length; i++) {
            histogram[i] /= n;
        }
        return new ColourStatistics(mean, std, histogram);
    }

    /**
     * Euclidean distance between the six moments (three means, three deviations): 0 for equal
     * colour moments, at most √6.
     *
     * @param other the other picture's statistics
     * @return the distance
     */
    public double momentDistance(ColourStatistics other) {
        double d = 0;
        for (int c = 0; c < 3; c++) {
            d += square(mean[c] - other.mean[c]) + square(std[c] - other.std[c]);
        }
        return Math.sqrt(d);
    }

    /**
     * One minus the histogram intersection: 0 when both pictures use the same colours in the same
     * proportions, 1 when they share no colour bin.
     *
     * @param other the other picture's statistics
     * @return the distance in {@code [0, 1]}
     */
    public double histogramDistance(ColourStatistics other) {
        double shared = 0;
        for (int i = 0; i < histogram.length; i++) {
            shared += Math.min(histogram[i], other.histogram[i]);
        }
        return Math.max(0, 1 - shared);
    }

    private static double square(double v) {
        return v * v;
    }
}
