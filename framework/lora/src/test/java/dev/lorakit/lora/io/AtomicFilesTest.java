package dev.lorakit.lora.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void theTargetGetsTheUmaskPermissionsOfAnyNewFileNotTheTempFiles600() throws IOException {
        Path reference = Files.createFile(dir.resolve("reference"));
        assumeTrue(Files.getFileStore(reference).supportsFileAttributeView("posix"), "POSIX permissions");
        Set<PosixFilePermission> umasked = Files.getPosixFilePermissions(reference);
        assumeTrue(umasked.contains(PosixFilePermission.OTHERS_READ), "umask 077 makes every new file 600");

        Path target = dir.resolve("out.txt");
        AtomicFiles.writeString(target, "one");
        AtomicFiles.writeString(target, "two");

        assertThat(target).hasContent("two");
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(umasked);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(reference, target); // no temporary file left
        }
    }

    @Test
    void aFailedWriteLeavesTheTargetUnchangedAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("out.txt");
        AtomicFiles.writeString(target, "kept");

        assertThatThrownBy(() -> AtomicFiles.write(target, ch -> {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2}));
            throw new IOException("disk full");
        })).hasMessage("disk full");

        assertThat(target).hasContent("kept");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }
}
