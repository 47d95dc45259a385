package dev.lorakit.lora.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a crash never leaves a partial file under the final name: the bytes go
 * to a temporary file in the same directory, which is fsynced and then renamed over the target.
 * The target gets the permissions of any new file the process creates (the umask's, e.g. 644).
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
        Path tmp = newTemporaryFile(dir, target);
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

    /**
     * A new empty file next to the target. Not {@code Files.createTempFile}: it creates mode 600
     * files, which the rename would hand on to the target; {@code createFile} gives the
     * permissions any new file of the process gets (0666 less the umask, e.g. 644).
     */
    private static Path newTemporaryFile(Path dir, Path target) throws IOException {
        while (true) {
            String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
            try {
                return Files.createFile(dir.resolve("." + target.getFileName() + "." + suffix + ".tmp"));
            } catch (FileAlreadyExistsException e) {
                // Another writer drew the same name: draw again.
            }
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
