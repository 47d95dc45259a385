package dev.lorakit.lora.analysis;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * Draws singular value spectra (index against log₁₀ σ) of ΔW and, when known, W as a PNG.
 * Values below 1e-12 of the largest are clipped to that floor so exact zeros stay on the chart.
 */
public final class SpectrumPlot {

    private static final int WIDTH = 520;
    private static final int HEIGHT = 320;
    private static final int PAD = 56;

    private SpectrumPlot() {}

    /**
     * Renders the spectra.
     *
     * @param delta singular values of ΔW, descending
     * @param base singular values of W, or null when unknown
     * @return PNG bytes
     */
    public static byte[] png(double[] delta, double[] base) {
        double max = Math.max(first(delta), base == null ? 0 : first(base));
        double hi = Math.log10(max > 0 ? max : 1);
        double lo = hi - 12;
        double minSeen = hi;
        for (double[] s : base == null ? new double[][] {delta} : new double[][] {delta, base}) {
            for (double v : s) {
                minSeen = Math.min(minSeen, Math.log10(Math.max(v, Math.pow(10, lo))));
            }
        }
        lo = Math.floor(Math.min(minSeen, hi - 1));
        hi = Math.ceil(hi);
        int n = Math.max(delta.length, base == null ? 0 : base.length);
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.drawRect(PAD, 20, WIDTH - PAD - 20, HEIGHT - PAD - 20);
        for (int e = (int) lo; e <= (int) hi; e += Math.max(1, (int) ((hi - lo) / 6))) {
            int y = y(e, lo, hi);
            g.drawString("1e" + e, 8, y + 4);
            g.setColor(Color.LIGHT_GRAY);
            g.drawLine(PAD + 1, y, WIDTH - 21, y);
            g.setColor(Color.BLACK);
        }
        g.drawString("index i (1 … " + n + ")", WIDTH / 2 - 40, HEIGHT - 12);
        g.drawString("σ_i, log scale", 8, 14);
        if (base != null) {
            series(g, base, n, lo, hi, new Color(30, 90, 200), "W");
        }
        series(g, delta, n, lo, hi, new Color(210, 40, 40), "ΔW");
        g.dispose();
        return Heatmap.encode(img);
    }

    private static void series(Graphics2D g, double[] s, int n, double lo, double hi, Color color, String label) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        int px = -1;
        int py = -1;
        for (int i = 0; i < s.length; i++) {
            int x = PAD + (int) Math.round((WIDTH - PAD - 30) * (n == 1 ? 0.5 : i / (double) (n - 1)));
            int y = y(Math.log10(Math.max(s[i], Math.pow(10, lo))), lo, hi);
            g.fillOval(x - 3, y - 3, 6, 6);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            px = x;
            py = y;
        }
        // Legend above the plot area, so it never hides a series.
        int lx = label.equals("W") ? WIDTH - 300 : WIDTH - 150;
        g.drawString(String.format(Locale.ROOT, "%s (σ1 = %.3g)", label, s.length == 0 ? 0 : s[0]), lx, 14);
    }

    private static int y(double log, double lo, double hi) {
        return 20 + (int) Math.round((HEIGHT - PAD - 20) * (hi - log) / (hi - lo));
    }

    private static double first(double[] s) {
        return s.length == 0 ? 0 : s[0];
    }
}
