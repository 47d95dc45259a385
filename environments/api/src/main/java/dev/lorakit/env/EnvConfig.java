package dev.lorakit.env;

import java.util.Map;
import java.util.TreeMap;

/**
 * The keyword arguments an environment is made with: the spec's defaults overlaid with the
 * user's overrides, checked so that a misspelt key or a value of the wrong type fails with a
 * message that names the key, the value and what is allowed.
 */
public final class EnvConfig {
    private final String id;
    private final Map<String, Object> values;

    /**
     * Overlays overrides on defaults.
     *
     * @param id the environment id, for messages
     * @param defaults every allowed key with its default value
     * @param overrides the user's values; every key must be among the defaults
     */
    public EnvConfig(String id, Map<String, Object> defaults, Map<String, Object> overrides) {
        this.id = id;
        Map<String, Object> merged = new TreeMap<>(defaults);
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            Object def = defaults.get(e.getKey());
            if (!defaults.containsKey(e.getKey())) {
                throw new IllegalArgumentException(id + ": unknown key \"" + e.getKey() + "\" = " + e.getValue()
                        + "; allowed keys: " + new TreeMap<>(defaults).keySet());
            }
            merged.put(e.getKey(), coerce(e.getKey(), e.getValue(), def));
        }
        this.values = Map.copyOf(merged);
    }

    private Object coerce(String key, Object value, Object def) {
        if (def == null || value == null) {
            return value;
        }
        if (def instanceof Double && value instanceof Number n) {
            return n.doubleValue();
        }
        if ((def instanceof Integer || def instanceof Long) && value instanceof Number n
                && n.doubleValue() == Math.rint(n.doubleValue())) {
            return def instanceof Integer ? (Object) n.intValue() : (Object) n.longValue();
        }
        if (def.getClass().isInstance(value)) {
            return value;
        }
        throw new IllegalArgumentException(id + ": key \"" + key + "\" has value " + value + " ("
                + value.getClass().getSimpleName() + "), expected a " + def.getClass().getSimpleName() + " like the default " + def);
    }

    /**
     * All values.
     *
     * @return key to value, immutable
     */
    public Map<String, Object> values() {
        return values;
    }

    /**
     * A number.
     *
     * @param key the key
     * @return its value
     */
    public double getDouble(String key) {
        return ((Number) require(key)).doubleValue();
    }

    /**
     * An integer.
     *
     * @param key the key
     * @return its value
     */
    public int getInt(String key) {
        return ((Number) require(key)).intValue();
    }

    /**
     * A boolean.
     *
     * @param key the key
     * @return its value
     */
    public boolean getBoolean(String key) {
        return (Boolean) require(key);
    }

    /**
     * A string.
     *
     * @param key the key
     * @return its value
     */
    public String getString(String key) {
        return (String) require(key);
    }

    private Object require(String key) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException(id + ": no key \"" + key + "\"; keys: " + values.keySet());
        }
        return values.get(key);
    }

    @Override
    public String toString() {
        return id + " " + values;
    }
}
