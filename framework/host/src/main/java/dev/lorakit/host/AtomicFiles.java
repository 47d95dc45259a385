package dev.lorakit.host;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a crash leaves either the old file or the new one, never a half-written
 * one: write a temp file in the same directory, fsync it, rename it over the target, fsync the
 * directory.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /**
     * Writes text atomically.
     *
     * @param target the file
     * @param text the content, UTF-8
     * @throws IOException when writing fails; the target is then unchanged
     */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes bytes atomically.
     *
     * @param target the file
     * @param bytes the content
     * @throws IOException when writing fails; the target is then unchanged
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.write(temp, bytes);
            if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
                // createTempFile makes owner-only files; run outputs are meant to be shared.
                Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            moveDurably(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Fsyncs {@code source}, renames it over {@code target} atomically and fsyncs the directory.
     * Both must be in the same directory (or file system).
     *
     * @param source a complete file
     * @param target where it goes
     * @throws IOException when the file system refuses
     */
    public static void moveDurably(Path source, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(source, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + source + " to " + target + " atomically", e);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for fsync; the rename itself is atomic.
        }
    }
}
