package dev.lorakit.lora.analysis;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Renders a matrix as a PNG heatmap with a diverging colour map (blue negative, white zero, red
 * positive) symmetric around zero. A matrix larger than {@link #MAX_CELLS} per side is
 * downsampled by block mean (each pixel is the mean of a ⌈rows/MAX⌉ × ⌈cols/MAX⌉ block), never
 * cropped; small matrices are enlarged by repeating each cell so they stay visible.
 */
public final class Heatmap {

    /** The most cells per side kept before block-mean downsampling. */
    public static final int MAX_CELLS = 256;

    private static final int MIN_PIXELS = 128;

    private Heatmap() {}

    /**
     * Block sizes used for a matrix: {@code [rowBlock, colBlock]}, 1 when not downsampled.
     *
     * @param m the matrix
     * @return the block sizes
     */
    public static int[] blocks(DenseMatrix m) {
        return new int[] {ceilDiv(m.rows(), MAX_CELLS), ceilDiv(m.cols(), MAX_CELLS)};
    }

    /**
     * The block-mean downsampled matrix (the matrix itself when small enough).
     *
     * @param m the matrix
     * @return ⌈rows/rb⌉ × ⌈cols/cb⌉ means; edge blocks average the cells they hold
     */
    public static DenseMatrix downsample(DenseMatrix m) {
        int[] b = blocks(m);
        if (b[0] == 1 && b[1] == 1) {
            return m;
        }
        int rows = ceilDiv(m.rows(), b[0]);
        int cols = ceilDiv(m.cols(), b[1]);
        double[] sum = new double[rows * cols];
        int[] count = new int[rows * cols];
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                int k = (i / b[0]) * cols + j / b[1];
                sum[k] += m.get(i, j);
                count[k]++;
            }
        }
        for (int k = 0; k < sum.length; k++) {
            sum[k] /= count[k];
        }
        return new DenseMatrix(rows, cols, sum);
    }

    /**
     * Renders a matrix.
     *
     * @param m the matrix
     * @param limit the value drawn fully saturated (|v| ≥ limit); share it across panels that should compare
     * @return PNG bytes
     */
    public static byte[] png(DenseMatrix m, double limit) {
        DenseMatrix d = downsample(m);
        int zoom = Math.max(1, ceilDiv(MIN_PIXELS, Math.max(d.rows(), d.cols())));
        BufferedImage img = new BufferedImage(d.cols() * zoom, d.rows() * zoom, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < d.rows(); i++) {
            for (int j = 0; j < d.cols(); j++) {
                int rgb = color(limit > 0 ? d.get(i, j) / limit : 0);
                for (int y = 0; y < zoom; y++) {
                    for (int x = 0; x < zoom; x++) {
                        img.setRGB(j * zoom + x, i * zoom + y, rgb);
                    }
                }
            }
        }
        return encode(img);
    }

    static byte[] encode(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        }
        return out.toByteArray();
    }

    private static int color(double x) {
        double t = Math.max(-1, Math.min(1, Double.isFinite(x) ? x : 0));
        int fade = (int) Math.round(255 * (1 - Math.abs(t)));
        return t >= 0 ? (255 << 16) | (fade << 8) | fade : (fade << 16) | (fade << 8) | 255;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
