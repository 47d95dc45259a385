package dev.lorakit.env.gym;

/**
 * A failure on the Python side of the bridge: Python or Gymnasium missing, an unknown id, an
 * exception raised inside the environment (its Python traceback is in the message and in
 * {@link #pythonTraceback()}), or the Python process dying or not answering in time.
 */
public class PythonBridgeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The Python exception's qualified type, or null. */
    private final String pythonType;
    /** The Python traceback text, or null. */
    private final String pythonTraceback;

    /**
     * Creates the exception.
     *
     * @param message what failed and what to do
     * @param pythonType the Python exception's qualified type, or null when none was raised
     * @param pythonTraceback the Python traceback, or null
     * @param cause the Java cause, or null
     */
    public PythonBridgeException(String message, String pythonType, String pythonTraceback, Throwable cause) {
        super(message, cause);
        this.pythonType = pythonType;
        this.pythonTraceback = pythonTraceback;
    }

    /**
     * The Python exception's type, e.g. {@code builtins.ValueError}.
     *
     * @return the type, or null when the failure was not a Python exception
     */
    public String pythonType() {
        return pythonType;
    }

    /**
     * The Python traceback.
     *
     * @return the traceback text, or null
     */
    public String pythonTraceback() {
        return pythonTraceback;
    }
}
