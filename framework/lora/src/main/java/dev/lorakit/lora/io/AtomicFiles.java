package dev.lorakit.lora.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a crash never leaves a partial file under the final name: the bytes go
 * to a temporary file in the same directory, which is fsynced and then renamed over the target.
 */
public final class AtomicFiles {

    /** Writes the content of a file through a channel. */
    @FunctionalInterface
    public interface ChannelWriter {
        /**
         * Writes the whole content.
         *
         * @param channel the temporary file's channel
         * @throws IOException on write failure
         */
        void write(FileChannel channel) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Writes a file atomically.
     *
     * @param target the final path; its directory is created if missing
     * @param writer writes the content
     * @throws IOException when writing fails; the target is then unchanged
     */
    public static void write(Path target, ChannelWriter writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writer.write(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes a UTF-8 text file atomically.
     *
     * @param target the final path
     * @param text the content
     * @throws IOException when writing fails; the target is then unchanged
     */
    public static void writeString(Path target, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        write(target, ch -> writeFully(ch, bytes));
    }

    /**
     * Writes every remaining byte of a buffer.
     *
     * @param ch the channel
     * @param bytes the bytes; its position ends at its limit
     * @throws IOException on write failure
     */
    public static void writeFully(FileChannel ch, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            ch.write(bytes);
        }
    }

    private static void syncDirectory(Path dir) {
        // Makes the rename itself durable on Linux; some platforms cannot open a directory.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Best effort: the file content is already synced.
        }
    }
}
