package dev.lorakit.env;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Environments by id, as Gymnasium's registry: {@code make("CartPole-v1 {length: 1.0}")}
 * builds the environment with those keyword overrides and wraps it in the spec's {@link
 * TimeLimit}. Ids of the form {@code prefix:rest} go to the {@link EnvNamespace} of that prefix.
 *
 * <p>Thread-safe; {@link Environments} holds the instance filled from {@link
 * EnvironmentProvider} services.
 */
public final class EnvironmentRegistry {
    private final Map<String, EnvSpec> specs = new HashMap<>();
    private final Map<String, EnvNamespace> namespaces = new HashMap<>();

    /**
     * A registry with the environments of every {@link EnvironmentProvider} visible to a class
     * loader.
     *
     * @param loader the loader to search
     * @return the registry
     */
    public static EnvironmentRegistry fromServices(ClassLoader loader) {
        EnvironmentRegistry r = new EnvironmentRegistry();
        for (EnvironmentProvider p : ServiceLoader.load(EnvironmentProvider.class, loader)) {
            p.specs().forEach(r::register);
            p.namespaces().forEach(r::register);
        }
        return r;
    }

    /**
     * Adds a spec.
     *
     * @param spec the spec
     * @throws IllegalArgumentException when the id is taken
     */
    public synchronized void register(EnvSpec spec) {
        if (specs.putIfAbsent(spec.id(), spec) != null) {
            throw new IllegalArgumentException("Environment id \"" + spec.id() + "\" is registered twice");
        }
    }

    /**
     * Adds a namespace.
     *
     * @param namespace the namespace
     * @throws IllegalArgumentException when the prefix is taken
     */
    public synchronized void register(EnvNamespace namespace) {
        if (namespaces.putIfAbsent(namespace.prefix(), namespace) != null) {
            throw new IllegalArgumentException("Environment namespace \"" + namespace.prefix() + ":\" is registered twice");
        }
    }

    /**
     * The spec of an id.
     *
     * @param id the id
     * @return the spec
     * @throws IllegalArgumentException listing the registered ids when the id is unknown
     */
    public synchronized EnvSpec spec(String id) {
        EnvSpec spec = specs.get(id);
        if (spec == null) {
            throw unknown(id);
        }
        return spec;
    }

    /**
     * Registered ids, sorted.
     *
     * @return the ids
     */
    public synchronized TreeSet<String> ids() {
        return new TreeSet<>(specs.keySet());
    }

    /**
     * Makes an environment from {@code "ID"} or {@code "ID {key: value, ...}"}.
     *
     * @param idWithOverrides the id and optional overrides
     * @return the environment, wrapped in its time limit
     */
    public Environment make(String idWithOverrides) {
        OverrideParser.Parsed p = OverrideParser.parse(idWithOverrides);
        return make(p.id(), p.overrides());
    }

    /**
     * Makes an environment with keyword overrides.
     *
     * @param id the id, or {@code prefix:rest} for a namespace
     * @param overrides keyword overrides; {@code max_episode_steps} overrides the time limit
     * @return the environment, wrapped in its time limit
     */
    public Environment make(String id, Map<String, Object> overrides) {
        int colon = id.indexOf(':');
        if (colon > 0) {
            EnvNamespace ns;
            synchronized (this) {
                ns = namespaces.get(id.substring(0, colon));
            }
            if (ns == null) {
                throw unknown(id);
            }
            return ns.make(id.substring(colon + 1), overrides);
        }
        EnvSpec spec = spec(id);
        Map<String, Object> kwargs = new HashMap<>(overrides);
        Integer maxSteps = spec.maxEpisodeSteps();
        if (kwargs.containsKey(EnvSpec.MAX_EPISODE_STEPS)) {
            Object v = kwargs.remove(EnvSpec.MAX_EPISODE_STEPS);
            if (v != null && !(v instanceof Number n && n.longValue() >= 1 && n.doubleValue() == n.longValue()
                    && n.longValue() <= Integer.MAX_VALUE)) {
                throw new IllegalArgumentException(id + ": key \"" + EnvSpec.MAX_EPISODE_STEPS + "\" has value " + v
                        + ", expected a positive integer or null for no limit");
            }
            maxSteps = v == null ? null : ((Number) v).intValue();
        }
        Environment env = spec.factory().apply(new EnvConfig(id, spec.defaults(), kwargs));
        return maxSteps == null ? env : new TimeLimit(env, maxSteps);
    }

    private synchronized IllegalArgumentException unknown(String id) {
        Map<String, EnvNamespace> sortedNs = new TreeMap<>(namespaces);
        return new IllegalArgumentException("Unknown environment id \"" + id + "\"; registered ids: " + ids()
                + (sortedNs.isEmpty() ? "" : "; namespaces: " + sortedNs.keySet().stream().map(k -> k + ":<id>").toList()));
    }
}
