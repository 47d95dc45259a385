package dev.lorakit.env.gym;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The Python bridge module shipped in this jar, as text and as a temporary file. */
final class BridgeScript {
    static final String RESOURCE = "lorakit_gym_bridge.py";
    private static Path file;

    private BridgeScript() {}

    static String source() {
        try (InputStream in = BridgeScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + RESOURCE + " is missing from the lorakit-env-gymnasium jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the module once per JVM to a temporary file (atomically), deleted on exit. */
    static synchronized Path file() {
        if (file == null) {
            try {
                Path dir = Files.createTempDirectory("lorakit-gym-bridge");
                Path tmp = dir.resolve(RESOURCE + ".tmp");
                Files.writeString(tmp, source(), StandardCharsets.UTF_8);
                Path target = dir.resolve(RESOURCE);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                target.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                file = target;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the Python bridge module to a temporary directory", e);
            }
        }
        return file;
    }
}
