package dev.lorakit.zoo.vision;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A grid of pictures with a title over each column: style transfer's report shows one row per
 * content picture and the columns content, style, and one result per style adapter.
 *
 * <pre>{@code
 * BufferedImage sheet = ContactSheet.draw(List.of("content", "style", "starry"), rows, 160);
 * Images.write(sheet, runDir.resolve("report/contact-sheet.png"));
 * }</pre>
 */
public final class ContactSheet {

    private static final int GAP = 4;
    private static final int TITLE = 18;

    private ContactSheet() {}

    /**
     * Draws the grid; every picture is scaled to fit a {@code cell × cell} square, keeping its
     * aspect ratio.
     *
     * @param titles one title per column
     * @param rows rows of pictures, each with one picture per column (null leaves a cell empty)
     * @param cell the side of a cell in pixels, at least 16
     * @return the sheet
     */
    public static BufferedImage draw(List<String> titles, List<List<BufferedImage>> rows, int cell) {
        if (titles.isEmpty() || rows.isEmpty()) {
            throw new IllegalArgumentException("A contact sheet needs at least one column and one row, got "
                    + titles.size() + " columns and " + rows.size() + " rows");
        }
        if (cell < 16) {
            throw new IllegalArgumentException("contact sheet cell must be at least 16 pixels, got " + cell);
        }
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).size() != titles.size()) {
                throw new IllegalArgumentException("contact sheet row " + r + " has " + rows.get(r).size()
                        + " pictures for " + titles.size() + " columns");
            }
        }
        int width = titles.size() * (cell + GAP) + GAP;
        int height = TITLE + rows.size() * (cell + GAP) + GAP;
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            for (int c = 0; c < titles.size(); c++) {
                String t = titles.get(c);
                int x = GAP + c * (cell + GAP);
                g.drawString(t, x + Math.max(0, (cell - fm.stringWidth(t)) / 2), TITLE - 5);
            }
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < titles.size(); c++) {
                    BufferedImage p = rows.get(r).get(c);
                    if (p == null) {
                        continue;
                    }
                    double scale = Math.min((double) cell / p.getWidth(), (double) cell / p.getHeight());
                    int w = Math.max(1, (int) Math.round(p.getWidth() * scale));
                    int h = Math.max(1, (int) Math.round(p.getHeight() * scale));
                    int x = GAP + c * (cell + GAP) + (cell - w) / 2;
                    int y = TITLE + GAP + r * (cell + GAP) + (cell - h) / 2;
                    g.drawImage(p, x, y, w, h, null);
                }
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }
}
