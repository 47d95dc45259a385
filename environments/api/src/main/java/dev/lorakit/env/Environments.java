package dev.lorakit.env;

import java.util.Map;

/**
 * The default {@link EnvironmentRegistry}, filled on first use from the {@link
 * EnvironmentProvider} services on this class's class loader.
 *
 * <pre>{@code
 * Environment env = Environments.make("CartPole-v1 {length: 1.0}");
 * Environment same = Environments.make("CartPole-v1", Map.of("length", 1.0));
 * }</pre>
 */
public final class Environments {

    private Environments() {}

    private static final class Holder {
        static final EnvironmentRegistry REGISTRY = EnvironmentRegistry.fromServices(Environments.class.getClassLoader());
    }

    /**
     * The default registry.
     *
     * @return the registry
     */
    public static EnvironmentRegistry registry() {
        return Holder.REGISTRY;
    }

    /**
     * Makes an environment from {@code "ID"} or {@code "ID {key: value, ...}"}.
     *
     * @param idWithOverrides the id and optional overrides
     * @return the environment
     */
    public static Environment make(String idWithOverrides) {
        return registry().make(idWithOverrides);
    }

    /**
     * Makes an environment with keyword overrides.
     *
     * @param id the id
     * @param overrides keyword overrides
     * @return the environment
     */
    public static Environment make(String id, Map<String, Object> overrides) {
        return registry().make(id, overrides);
    }
}
