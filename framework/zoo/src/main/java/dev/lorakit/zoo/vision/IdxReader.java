package dev.lorakit.zoo.vision;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST ({@code train-images-idx3-ubyte.gz}),
 * plain or gzip-compressed (detected from the content, not the name).
 *
 * <p>Format: two zero bytes, a type byte ({@code 0x08} = unsigned byte, the only type these
 * data sets use), a byte with the number of dimensions, one big-endian int per dimension, then
 * the data in row-major order.
 */
public final class IdxReader {

    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {}

    /**
     * The content of one IDX file of unsigned bytes.
     *
     * @param dimensions the sizes, outermost first
     * @param data the values, row-major
     */
    public record IdxArray(int[] dimensions, byte[] data) {

        /**
         * Validates that the data fills the dimensions.
         *
         * @param dimensions the sizes
         * @param data the values
         */
        public IdxArray {
            long n = 1;
            for (int d : dimensions) {
                n *= d;
            }
            if (n != data.length) {
                throw new IllegalArgumentException(
                        "IDX dimensions " + Arrays.toString(dimensions) + " need " + n + " bytes, got " + data.length);
            }
        }
    }

    /**
     * Reads an IDX file of unsigned bytes.
     *
     * @param file a {@code .idx*-ubyte} file, optionally gzipped
     * @return its dimensions and data
     * @throws IOException when the file is missing, truncated or not an unsigned-byte IDX file
     */
    public static IdxArray read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("IDX file " + file + " does not exist");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
                DataInputStream in = new DataInputStream(maybeGunzip(raw))) {
            int magic = in.readInt();
            if ((magic >>> 16) != 0) {
                throw new IOException(
                        file + " is not an IDX file: magic number 0x" + Integer.toHexString(magic)
                                + " does not start with two zero bytes");
            }
            int type = (magic >>> 8) & 0xFF;
            if (type != UNSIGNED_BYTE) {
                throw new IOException(
                        file + " holds IDX type 0x" + Integer.toHexString(type)
                                + "; only unsigned bytes (0x08) are supported");
            }
            int[] dims = new int[magic & 0xFF];
            long n = 1;
            for (int i = 0; i < dims.length; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0) {
                    throw new IOException(file + ": dimension " + i + " is negative (" + dims[i] + ")");
                }
                n *= dims[i];
            }
            if (n > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": " + n + " values do not fit one Java array");
            }
            byte[] data = new byte[(int) n];
            try {
                in.readFully(data);
            } catch (EOFException e) {
                throw new IOException(
                        file + " is truncated: dimensions " + Arrays.toString(dims) + " need " + n + " bytes", e);
            }
            return new IdxArray(dims, data);
        }
    }

    /**
     * Reads an images file ({@code N × H × W}) and its labels file ({@code N}) as one data set.
     *
     * @param images the {@code idx3} images file
     * @param labels the {@code idx1} labels file
     * @param classNames class names, index = label
     * @return the labelled grey images
     * @throws IOException when a file is unreadable or the two do not match
     */
    public static LabelledImages readLabelledImages(Path images, Path labels, List<String> classNames)
            throws IOException {
        IdxArray x = read(images);
        IdxArray y = read(labels);
        if (x.dimensions().length != 3) {
            throw new IOException(
                    images + " has dimensions " + Arrays.toString(x.dimensions()) + "; images need 3 (N, H, W)");
        }
        if (y.dimensions().length != 1 || y.dimensions()[0] != x.dimensions()[0]) {
            throw new IOException(
                    labels + " has dimensions " + Arrays.toString(y.dimensions()) + "; expected ["
                            + x.dimensions()[0] + "] to match " + images);
        }
        int[] lb = new int[y.data().length];
        for (int i = 0; i < lb.length; i++) {
            lb[i] = y.data()[i] & 0xFF;
        }
        try {
            return new LabelledImages(x.data(), lb, x.dimensions()[1], x.dimensions()[2], 1, classNames);
        } catch (IllegalArgumentException e) {
            throw new IOException(labels + ": " + e.getMessage(), e);
        }
    }

    private static InputStream maybeGunzip(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
