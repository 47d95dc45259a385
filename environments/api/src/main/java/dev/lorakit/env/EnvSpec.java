package dev.lorakit.env;

import java.util.Map;
import java.util.function.Function;

/**
 * How to make a registered environment, as Gymnasium's {@code EnvSpec}.
 *
 * @param id the id, e.g. {@code CartPole-v1}
 * @param defaults every keyword argument the environment accepts, with its default
 * @param maxEpisodeSteps the {@link TimeLimit} applied by {@code make}, or null for none;
 *     overridable with the key {@code max_episode_steps}
 * @param rewardThreshold the return at which the task counts as solved, or null
 * @param factory builds the (unwrapped) environment from its validated config
 */
public record EnvSpec(
        String id,
        Map<String, Object> defaults,
        Integer maxEpisodeSteps,
        Double rewardThreshold,
        Function<EnvConfig, Environment> factory) {

    /** Key that overrides {@link #maxEpisodeSteps()} in any spec. */
    public static final String MAX_EPISODE_STEPS = "max_episode_steps";

    /** Validates the spec. */
    public EnvSpec {
        if (id == null || id.isBlank() || id.contains(" ")) {
            throw new IllegalArgumentException("Environment id must be non-blank without spaces, got \"" + id + "\"");
        }
        if (defaults.containsKey(MAX_EPISODE_STEPS)) {
            throw new IllegalArgumentException(id + ": \"" + MAX_EPISODE_STEPS + "\" is reserved; set maxEpisodeSteps instead");
        }
        if (maxEpisodeSteps != null && maxEpisodeSteps < 1) {
            throw new IllegalArgumentException(id + ": maxEpisodeSteps must be >= 1, got " + maxEpisodeSteps);
        }
        defaults = Map.copyOf(defaults);
    }
}
