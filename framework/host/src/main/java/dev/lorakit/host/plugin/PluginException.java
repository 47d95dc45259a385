package dev.lorakit.host.plugin;

/** A plugin jar or descriptor cannot be used; the message says why in one sentence. */
public class PluginException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the reason
     */
    public PluginException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message the reason
     * @param cause the underlying failure
     */
    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
