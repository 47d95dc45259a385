package dev.lorakit.plugins.dqn;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lorakit.train.replay.PrioritizedReplayBuffer;
import dev.lorakit.train.replay.ReplayBuffer;
import dev.lorakit.train.replay.UniformReplayBuffer;

/**
 * The replay variant ({@code dqn.replay}): {@code type: uniform} (default, CleanRL) or {@code
 * type: prioritized} with {@code alpha} and {@code beta} (annealed to 1 over the run), and
 * {@code n_step} returns for either.
 *
 * @param type {@code uniform} or {@code prioritized}
 * @param nStep {@code n_step}, 1 to 100 (default 1)
 * @param alpha prioritization exponent in [0, 1] (default 0.6; prioritized only)
 * @param beta initial importance-sampling exponent in [0, 1] (default 0.4; prioritized only)
 */
public record ReplayConfig(String type, int nStep, double alpha, double beta) {

    /** Uniform one-step replay. */
    public static final ReplayConfig DEFAULT = new ReplayConfig("uniform", 1, 0.6, 0.4);

    /**
     * Validates the values.
     *
     * @param type the variant
     * @param nStep steps per stored transition
     * @param alpha prioritization exponent
     * @param beta initial importance-sampling exponent
     */
    public ReplayConfig {
        if (!"uniform".equals(type) && !"prioritized".equals(type)) {
            throw new IllegalArgumentException(
                    "dqn.replay.type \"" + type + "\" is unknown; allowed: [uniform, prioritized]");
        }
        DqnConfig.check("replay.n_step", nStep, nStep >= 1 && nStep <= 100, "in [1, 100]");
        DqnConfig.check("replay.alpha", alpha, alpha >= 0 && alpha <= 1, "in [0, 1]");
        DqnConfig.check("replay.beta", beta, beta >= 0 && beta <= 1, "in [0, 1]");
    }

    /**
     * Binds the YAML section; missing keys take the defaults.
     *
     * @param type {@code type}
     * @param nStep {@code n_step}
     * @param alpha {@code alpha}
     * @param beta {@code beta}
     * @return the config
     */
    @JsonCreator
    public static ReplayConfig of(
            @JsonProperty("type") String type,
            @JsonProperty("n_step") Integer nStep,
            @JsonProperty("alpha") Double alpha,
            @JsonProperty("beta") Double beta) {
        return new ReplayConfig(
                type == null ? DEFAULT.type : type,
                nStep == null ? DEFAULT.nStep : nStep,
                alpha == null ? DEFAULT.alpha : alpha,
                beta == null ? DEFAULT.beta : beta);
    }

    /**
     * Whether sampling is prioritized.
     *
     * @return true for {@code type: prioritized}
     */
    public boolean prioritized() {
        return "prioritized".equals(type);
    }

    /**
     * Builds the buffer this section describes.
     *
     * @param capacity {@code dqn.buffer_size}
     * @param observationSize features per observation
     * @param gamma {@code dqn.gamma}
     * @param totalTimesteps steps over which beta reaches 1
     * @return a new buffer for discrete actions
     */
    public ReplayBuffer build(int capacity, int observationSize, double gamma, long totalTimesteps) {
        Shape shape = new Shape(observationSize);
        if (prioritized()) {
            return PrioritizedReplayBuffer.builder()
                    .setCapacity(capacity).setObservationShape(shape).setDiscreteActions()
                    .setGamma(gamma).optNStep(nStep).optAlpha(alpha).optBeta(beta, totalTimesteps)
                    .build();
        }
        return UniformReplayBuffer.builder()
                .setCapacity(capacity).setObservationShape(shape).setDiscreteActions()
                .setGamma(gamma).optNStep(nStep)
                .build();
    }
}
