package dev.lorakit.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Something whose state goes into a checkpoint. {@code load(save(x))} must leave an object
 * that behaves exactly as {@code x} did: a resumed run continues the same sequence.
 */
public interface Stateful {

    /**
     * Writes the state. The stream is not closed by the implementation.
     *
     * @param out where to write
     * @throws IOException when writing fails
     */
    void save(OutputStream out) throws IOException;

    /**
     * Replaces the state with what {@link #save} wrote.
     *
     * @param in what {@link #save} wrote
     * @throws IOException when the data is unreadable or of another format
     */
    void load(InputStream in) throws IOException;
}
