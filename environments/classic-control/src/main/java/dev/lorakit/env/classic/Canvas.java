package dev.lorakit.env.classic;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;

/**
 * Draws in the coordinates Gymnasium's pygame renderers use before their final vertical flip
 * (origin bottom-left after the flip, y up), so that the geometry code reads like theirs.
 */
final class Canvas {
    private final BufferedImage image;
    private final Graphics2D g;

    Canvas(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        // pygame.transform.flip(surf, False, True): y grows upwards in the final image.
        g.setTransform(new AffineTransform(1, 0, 0, -1, 0, height));
    }

    /** Rotates {@code (x, y)} by {@code angle} radians as {@code pygame.math.Vector2.rotate_rad}. */
    static double[] rotate(double x, double y, double angle) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        return new double[] {x * c - y * s, x * s + y * c};
    }

    /** A filled polygon from the rectangle {@code l, r, t, b} rotated by {@code angle} and moved to {@code (dx, dy)}. */
    void rotatedRect(double l, double r, double t, double b, double angle, double dx, double dy, Color color) {
        double[][] corners = {{l, b}, {l, t}, {r, t}, {r, b}};
        Path2D.Double p = new Path2D.Double();
        for (int i = 0; i < corners.length; i++) {
            double[] c = rotate(corners[i][0], corners[i][1], angle);
            if (i == 0) {
                p.moveTo(c[0] + dx, c[1] + dy);
            } else {
                p.lineTo(c[0] + dx, c[1] + dy);
            }
        }
        p.closePath();
        g.setColor(color);
        g.fill(p);
    }

    void polygon(double[][] points, Color color) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(points[0][0], points[0][1]);
        for (int i = 1; i < points.length; i++) {
            p.lineTo(points[i][0], points[i][1]);
        }
        p.closePath();
        g.setColor(color);
        g.fill(p);
    }

    void circle(double cx, double cy, double radius, Color color) {
        g.setColor(color);
        g.fill(new Ellipse2D.Double(cx - radius, cy - radius, 2 * radius + 1, 2 * radius + 1));
    }

    void line(double x1, double y1, double x2, double y2, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    void polyline(double[] xs, double[] ys, Color color) {
        for (int i = 1; i < xs.length; i++) {
            line(xs[i - 1], ys[i - 1], xs[i], ys[i], color);
        }
    }

    BufferedImage finish() {
        g.dispose();
        return image;
    }
}
