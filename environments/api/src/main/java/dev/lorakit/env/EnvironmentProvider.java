package dev.lorakit.env;

import java.util.List;

/**
 * Service-provider interface through which modules contribute environments; list the
 * implementation in {@code META-INF/services/dev.lorakit.env.EnvironmentProvider}.
 */
public interface EnvironmentProvider {

    /**
     * Environments with fixed ids.
     *
     * @return the specs
     */
    List<EnvSpec> specs();

    /**
     * Prefixed families of environments.
     *
     * @return the namespaces, empty by default
     */
    default List<EnvNamespace> namespaces() {
        return List.of();
    }
}
