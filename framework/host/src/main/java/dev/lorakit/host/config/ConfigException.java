package dev.lorakit.host.config;

/**
 * A config file or override is wrong. The message is one line: the file, the key path, the bad
 * value and what is allowed, e.g. {@code configs/x.yaml: trainer.lr: -1 is out of range (must be
 * > 0)}.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the one-line message
     */
    public ConfigException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message the one-line message
     * @param cause the underlying failure
     */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
