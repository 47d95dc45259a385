package dev.lorakit.env;

import java.util.Map;

/**
 * A family of environments addressed by a prefix, e.g. {@code gymnasium:Acrobot-v1} for any
 * Python Gymnasium id. The registry hands it the id after the prefix and the overrides.
 */
public interface EnvNamespace {

    /**
     * The prefix, without the colon, e.g. {@code gymnasium}.
     *
     * @return the prefix
     */
    String prefix();

    /**
     * Makes an environment of this namespace.
     *
     * @param id the id after {@code prefix:}
     * @param kwargs keyword overrides
     * @return the environment
     */
    Environment make(String id, Map<String, Object> kwargs);
}
