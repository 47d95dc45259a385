package dev.lorakit.plugins.dqn;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The epsilon-greedy schedule ({@code dqn.exploration}): epsilon falls linearly from {@code
 * start_e} to {@code end_e} over {@code exploration_fraction * total_timesteps} steps.
 *
 * @param startE {@code start_e}, in [0, 1] (default 1.0)
 * @param endE {@code end_e}, in [0, 1] (default 0.05)
 * @param explorationFraction {@code exploration_fraction}, in [0, 1] (default 0.5)
 */
public record ExplorationConfig(double startE, double endE, double explorationFraction) {

    /** CleanRL's defaults. */
    public static final ExplorationConfig DEFAULT = new ExplorationConfig(1.0, 0.05, 0.5);

    /**
     * Validates the values.
     *
     * @param startE epsilon at the start
     * @param endE epsilon after the decay
     * @param explorationFraction the share of the run the decay takes
     */
    public ExplorationConfig {
        DqnConfig.check("exploration.start_e", startE, startE >= 0 && startE <= 1, "in [0, 1]");
        DqnConfig.check("exploration.end_e", endE, endE >= 0 && endE <= 1, "in [0, 1]");
        DqnConfig.check(
                "exploration.exploration_fraction",
                explorationFraction,
                explorationFraction >= 0 && explorationFraction <= 1,
                "in [0, 1]");
    }

    /**
     * Binds the YAML section; missing keys take the defaults.
     *
     * @param startE {@code start_e}
     * @param endE {@code end_e}
     * @param explorationFraction {@code exploration_fraction}
     * @return the config
     */
    @JsonCreator
    public static ExplorationConfig of(
            @JsonProperty("start_e") Double startE,
            @JsonProperty("end_e") Double endE,
            @JsonProperty("exploration_fraction") Double explorationFraction) {
        return new ExplorationConfig(
                startE == null ? DEFAULT.startE : startE,
                endE == null ? DEFAULT.endE : endE,
                explorationFraction == null ? DEFAULT.explorationFraction : explorationFraction);
    }

    /**
     * The schedule for a run of {@code totalTimesteps}.
     *
     * @param totalTimesteps the run's step budget
     * @return the schedule
     */
    public EpsilonSchedule schedule(long totalTimesteps) {
        return new EpsilonSchedule(startE, endE, (long) (explorationFraction * totalTimesteps));
    }
}
