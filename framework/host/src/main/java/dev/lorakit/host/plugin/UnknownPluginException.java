package dev.lorakit.host.plugin;

import java.util.Collection;

/** A config or command named a plugin id that no loaded plugin has. */
public final class UnknownPluginException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message that lists the known ids.
     *
     * @param id the requested id
     * @param known the ids of the loaded plugins
     */
    public UnknownPluginException(String id, Collection<String> known) {
        super("unknown plugin \"" + id + "\"; known plugins: "
                + (known.isEmpty() ? "(none loaded)" : String.join(", ", known)));
    }
}
