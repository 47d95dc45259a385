package dev.lorakit.zoo.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import dev.lorakit.lora.io.AtomicFiles;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Reading, writing and resizing pictures, and conversion between {@link BufferedImage} and
 * {@code float32} NDArrays in {@code (C, H, W)} layout with values in {@code [0, 1]}.
 *
 * <pre>{@code
 * BufferedImage photo = Images.resizeShorterSide(Images.read(path), 256);
 * NDArray x = Images.toArray(manager, Images.centerCrop(photo, 256, 256)); // (3, 256, 256)
 * Images.write(Images.fromArray(x), Path.of("out.png"));
 * }</pre>
 */
public final class Images {

    private Images() {}

    /**
     * Reads a PNG or JPEG file as an RGB image.
     *
     * @param file the picture
     * @return the image, converted to {@code TYPE_INT_RGB}
     * @throws IOException when the file is missing or not a readable image
     */
    public static BufferedImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("Image file " + file + " does not exist");
        }
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException(
                    "Cannot decode " + file + ": not a PNG or JPEG file (formats supported: png, jpeg)");
        }
        return toRgb(image);
    }

    /**
     * Writes an image atomically ({@link AtomicFiles}: temporary file, fsync, rename), so a crash
     * never leaves a half-written picture; the file gets the umask's permissions (e.g. 644). The format follows the extension: {@code .png}, {@code .jpg} or
     * {@code .jpeg}.
     *
     * @param image the image
     * @param file where to write
     * @throws IOException when writing fails or the extension is not supported
     */
    public static void write(BufferedImage image, Path file) throws IOException {
        String format = formatOf(file);
        BufferedImage rgb = toRgb(image);
        AtomicFiles.write(file, channel -> {
            // Not closed here: closing the stream would close the channel AtomicFiles still syncs.
            OutputStream out = Channels.newOutputStream(channel);
            if (!ImageIO.write(rgb, format, out)) {
                throw new IOException("No ImageIO writer for " + format);
            }
            out.flush();
        });
    }

    /**
     * Scales an image to exactly {@code width × height} with bilinear interpolation.
     *
     * @param image the source
     * @param width target width, positive
     * @param height target height, positive
     * @return a new image
     */
    public static BufferedImage resize(BufferedImage image, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(
                    "resize target must be positive, got " + width + "x" + height);
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Scales an image so that its shorter side is {@code size}, keeping the aspect ratio
     * (torchvision's {@code Resize(size)} with an int).
     *
     * @param image the source
     * @param size the target length of the shorter side
     * @return a new image
     */
    public static BufferedImage resizeShorterSide(BufferedImage image, int size) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (w <= h) {
            return resize(image, size, Math.max(1, Math.round((float) h * size / w)));
        }
        return resize(image, Math.max(1, Math.round((float) w * size / h)), size);
    }

    /**
     * Cuts the central {@code width × height} region.
     *
     * @param image the source, at least as large as the crop
     * @param width crop width
     * @param height crop height
     * @return a new image
     */
    public static BufferedImage centerCrop(BufferedImage image, int width, int height) {
        if (width > image.getWidth() || height > image.getHeight() || width <= 0 || height <= 0) {
            throw new IllegalArgumentException(
                    "Cannot crop "
                            + width
                            + "x"
                            + height
                            + " from a "
                            + image.getWidth()
                            + "x"
                            + image.getHeight()
                            + " image");
        }
        int x = (image.getWidth() - width) / 2;
        int y = (image.getHeight() - height) / 2;
        return toRgb(image.getSubimage(x, y, width, height));
    }

    /**
     * An RGB image as a {@code float32 (3, H, W)} array with values in {@code [0, 1]}.
     *
     * @param manager where to create the array
     * @param image the image
     * @return the array
     */
    public static NDArray toArray(NDManager manager, BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        float[] chw = new float[3 * h * w];
        int plane = h * w;
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            chw[i] = ((p >> 16) & 0xFF) / 255f;
            chw[plane + i] = ((p >> 8) & 0xFF) / 255f;
            chw[2 * plane + i] = (p & 0xFF) / 255f;
        }
        return manager.create(chw, new Shape(3, h, w));
    }

    /**
     * Stacks images of equal size into a {@code float32 (N, 3, H, W)} batch in {@code [0, 1]}.
     *
     * @param manager where to create the batch
     * @param images the images, all of one size
     * @return the batch
     */
    public static NDArray toBatch(NDManager manager, List<BufferedImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("Cannot batch an empty list of images");
        }
        int w = images.get(0).getWidth();
        int h = images.get(0).getHeight();
        try (NDManager scratch = manager.newSubManager()) {
            NDArray[] parts = new NDArray[images.size()];
            for (int i = 0; i < parts.length; i++) {
                BufferedImage image = images.get(i);
                if (image.getWidth() != w || image.getHeight() != h) {
                    throw new IllegalArgumentException(
                            "Image "
                                    + i
                                    + " is "
                                    + image.getWidth()
                                    + "x"
                                    + image.getHeight()
                                    + ", image 0 is "
                                    + w
                                    + "x"
                                    + h
                                    + "; resize or crop them to one size first");
                }
                parts[i] = toArray(scratch, image);
            }
            NDArray batch = ai.djl.ndarray.NDArrays.stack(new ai.djl.ndarray.NDList(parts));
            batch.attach(manager);
            return batch;
        }
    }

    /**
     * A {@code (3, H, W)} or {@code (1, H, W)} array with values in {@code [0, 1]} as an RGB
     * image; values outside the range are clipped, a single channel is drawn as grey.
     *
     * @param chw the array (a leading batch dimension of size 1 is allowed)
     * @return the image
     */
    public static BufferedImage fromArray(NDArray chw) {
        Shape shape = chw.getShape();
        if (shape.dimension() == 4 && shape.get(0) == 1) {
            shape = shape.slice(1);
        }
        if (shape.dimension() != 3 || (shape.get(0) != 3 && shape.get(0) != 1)) {
            throw new IllegalArgumentException(
                    "Expected an image array of shape (3, H, W) or (1, H, W), got " + chw.getShape());
        }
        int c = (int) shape.get(0);
        int h = (int) shape.get(1);
        int w = (int) shape.get(2);
        float[] v = chw.toType(DataType.FLOAT32, false).toFloatArray();
        int plane = h * w;
        int[] rgb = new int[plane];
        for (int i = 0; i < plane; i++) {
            int r = toByte(v[i]);
            int g = c == 3 ? toByte(v[plane + i]) : r;
            int b = c == 3 ? toByte(v[2 * plane + i]) : r;
            rgb[i] = (r << 16) | (g << 8) | b;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return out;
    }

    private static int toByte(float v) {
        float clipped = Float.isNaN(v) ? 0f : Math.min(1f, Math.max(0f, v));
        return Math.round(clipped * 255f);
    }

    private static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage out =
                new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static String formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return "png";
        }
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return "jpeg";
        }
        throw new IllegalArgumentException(
                "Cannot write image " + file + ": extension must be .png, .jpg or .jpeg");
    }
}
