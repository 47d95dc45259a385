package dev.lorakit.host.market;

/** An index cannot be read or a plugin cannot be installed or removed; nothing was changed. */
public final class MarketplaceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the reason, one line
     */
    public MarketplaceException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message the reason, one line
     * @param cause the underlying failure
     */
    public MarketplaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
