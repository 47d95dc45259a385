package dev.lorakit.api;

/**
 * Marker for a plugin's typed config: an immutable record, bound by Jackson from the YAML
 * section named after the plugin, that validates every value in its canonical constructor and
 * throws {@link IllegalArgumentException} naming the key, the bad value and what is allowed.
 */
public interface TaskConfig {}
