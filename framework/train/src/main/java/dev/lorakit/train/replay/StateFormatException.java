package dev.lorakit.train.replay;

import java.io.IOException;

/** Saved replay state that does not fit the buffer it is loaded into. */
public final class StateFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what did not match, with the saved and the expected value
     */
    public StateFormatException(String message) {
        super(message);
    }
}
