package dev.lorakit.env.gym;

import java.time.Duration;

/**
 * Carries one encoded request to the Python bridge module and brings back its encoded response;
 * {@link Protocol} gives the bytes their meaning, so both transports share it.
 */
public interface Transport extends AutoCloseable {

    /**
     * Sends a request and waits for the response.
     *
     * @param request the request payload
     * @param timeout the longest wait for the response
     * @return the response payload
     * @throws PythonBridgeException when Python fails, dies or does not answer in time
     */
    byte[] exchange(byte[] request, Duration timeout);

    /**
     * A short description for messages, e.g. {@code subprocess python3 (pid 123)}.
     *
     * @return the description
     */
    String describe();

    /** Releases the Python side; the transport cannot be used afterwards. */
    @Override
    void close();
}
