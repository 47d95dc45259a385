package dev.lorakit.env.gym;

import dev.lorakit.env.EnvNamespace;
import dev.lorakit.env.EnvSpec;
import dev.lorakit.env.Environment;
import dev.lorakit.env.EnvironmentProvider;
import java.util.List;
import java.util.Map;

/**
 * Makes {@code gymnasium:<id>} resolvable in the registry, e.g. {@code
 * Environments.make("gymnasium:Acrobot-v1 {max_episode_steps: 100}")}; the overrides become
 * {@code gymnasium.make} keyword arguments.
 */
public final class GymnasiumProvider implements EnvironmentProvider {

    /** The registry prefix. */
    public static final String PREFIX = "gymnasium";

    @Override
    public List<EnvSpec> specs() {
        return List.of();
    }

    @Override
    public List<EnvNamespace> namespaces() {
        return List.of(new EnvNamespace() {
            @Override
            public String prefix() {
                return PREFIX;
            }

            @Override
            public Environment make(String id, Map<String, Object> kwargs) {
                return GymnasiumEnvironment.builder().setId(id).optKwargs(kwargs).build();
            }
        });
    }
}
