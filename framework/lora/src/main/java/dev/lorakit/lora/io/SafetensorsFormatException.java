package dev.lorakit.lora.io;

import java.io.IOException;
import java.nio.file.Path;

/** A safetensors file that does not follow the format; the message names the file and tensor. */
public final class SafetensorsFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file the file being read
     * @param tensor the tensor concerned, or {@code null} when the whole file is
     * @param problem what is wrong
     */
    public SafetensorsFormatException(Path file, String tensor, String problem) {
        super(file + (tensor == null ? "" : ": tensor '" + tensor + "'") + ": " + problem);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param file the file being read
     * @param problem what is wrong
     * @param cause the underlying error
     */
    public SafetensorsFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
