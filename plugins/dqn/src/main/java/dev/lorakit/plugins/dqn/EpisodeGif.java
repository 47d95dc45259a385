package dev.lorakit.plugins.dqn;

import java.awt.image.BufferedImage;
import dev.lorakit.lora.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/** Writes frames as a looping animated GIF with the JDK's own GIF writer. */
public final class EpisodeGif {

    private EpisodeGif() {}

    /**
     * Encodes the frames in memory, then writes the file atomically.
     *
     * @param frames RGB frames of equal size, at least one
     * @param file the target {@code .gif}
     * @param delayMillis time per frame
     * @throws IOException when writing fails
     */
    public static void write(List<BufferedImage> frames, Path file, int delayMillis) throws IOException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames to write to " + file);
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) {
            throw new IOException("this JDK has no GIF writer");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : frames) {
                BufferedImage rgb = toRgb(frame);
                IIOMetadata metadata =
                        writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(rgb), null);
                configure(metadata, delayMillis);
                writer.writeToSequence(new IIOImage(rgb, null, metadata), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        AtomicFiles.write(file, channel -> AtomicFiles.writeFully(channel, ByteBuffer.wrap(bytes.toByteArray())));
    }

    /**
     * The frame at half its width and height, RGB.
     *
     * @param frame a rendered frame
     * @return the scaled copy
     */
    public static BufferedImage half(BufferedImage frame) {
        int w = Math.max(1, frame.getWidth() / 2);
        int h = Math.max(1, frame.getHeight() / 2);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(frame, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static BufferedImage toRgb(BufferedImage frame) {
        if (frame.getType() == BufferedImage.TYPE_INT_RGB) {
            return frame;
        }
        BufferedImage rgb = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(frame, 0, 0, null);
        return rgb;
    }

    private static void configure(IIOMetadata metadata, int delayMillis) throws IOException {
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(Math.max(1, delayMillis / 10)));
        control.setAttribute("transparentColorIndex", "0");
        IIOMetadataNode extensions = child(root, "ApplicationExtensions");
        IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
        loop.setAttribute("applicationID", "NETSCAPE");
        loop.setAttribute("authenticationCode", "2.0");
        loop.setUserObject(new byte[] {1, 0, 0}); // loop forever
        extensions.appendChild(loop);
        metadata.setFromTree(format, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
