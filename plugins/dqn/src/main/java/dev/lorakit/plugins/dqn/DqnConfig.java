package dev.lorakit.plugins.dqn;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lorakit.api.TaskConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code dqn:} section of a config. Names and defaults follow CleanRL's {@code dqn.py}
 * (a missing key takes CleanRL's default); the learning rate, optimizer and gradient clipping
 * are the shared {@code trainer:} section's.
 *
 * @param env environment id ({@code CartPole-v1})
 * @param envKwargs {@code env_kwargs}: environment overrides such as {@code length: 1.0}
 * @param totalTimesteps {@code total_timesteps}: environment steps of the run (500,000)
 * @param learningStarts {@code learning_starts}: steps of pure collection before training (10,000)
 * @param bufferSize {@code buffer_size}: replay capacity (10,000)
 * @param batchSize {@code batch_size}: transitions per gradient step (128)
 * @param gamma discount in [0, 1] (0.99)
 * @param trainFrequency {@code train_frequency}: environment steps between training rounds (10)
 * @param gradientSteps {@code gradient_steps}: gradient steps per training round (1)
 * @param targetNetworkFrequency {@code target_network_frequency}: steps between target updates (500)
 * @param tau target update rate in (0, 1]; 1 is a hard copy (1.0)
 * @param doubleDqn {@code double_dqn}: the online network picks the next action (false)
 * @param loss {@code huber} or {@code mse} (mse)
 * @param exploration the epsilon schedule
 * @param replay the replay variant
 * @param hiddenSizes {@code hidden_sizes}: widths of {@code fc1, fc2, ...} ([120, 84])
 * @param evalEpisodes {@code eval_episodes}: greedy episodes per evaluation (20)
 * @param evalEvery {@code eval_every}: environment steps between evaluations (10,000)
 * @param solveThreshold {@code solve_threshold}: mean greedy return that counts as solved (475)
 * @param stopOnSolve {@code stop_on_solve}: end the run at the first evaluation that solves (false)
 * @param recordGif {@code record_gif}: render a greedy episode to {@code report/greedy-episode.gif}
 *     at the end (true)
 */
public record DqnConfig(
        String env,
        Map<String, Object> envKwargs,
        long totalTimesteps,
        long learningStarts,
        int bufferSize,
        int batchSize,
        double gamma,
        int trainFrequency,
        int gradientSteps,
        int targetNetworkFrequency,
        double tau,
        boolean doubleDqn,
        TdLoss loss,
        ExplorationConfig exploration,
        ReplayConfig replay,
        List<Integer> hiddenSizes,
        int evalEpisodes,
        long evalEvery,
        double solveThreshold,
        boolean stopOnSolve,
        boolean recordGif)
        implements TaskConfig {

    /**
     * Validates every value; messages name the key, the value and what is allowed.
     *
     * @param env environment id
     * @param envKwargs environment overrides
     * @param totalTimesteps step budget
     * @param learningStarts collection steps before training
     * @param bufferSize replay capacity
     * @param batchSize batch size
     * @param gamma discount
     * @param trainFrequency steps between training rounds
     * @param gradientSteps gradient steps per round
     * @param targetNetworkFrequency steps between target updates
     * @param tau target update rate
     * @param doubleDqn Double DQN targets
     * @param loss TD loss
     * @param exploration epsilon schedule
     * @param replay replay variant
     * @param hiddenSizes hidden widths
     * @param evalEpisodes episodes per evaluation
     * @param evalEvery steps between evaluations
     * @param solveThreshold solved return
     * @param stopOnSolve stop once solved
     * @param recordGif render a greedy episode
     */
    public DqnConfig {
        if (env == null || env.isBlank()) {
            throw new IllegalArgumentException("dqn.env must name an environment, e.g. CartPole-v1");
        }
        envKwargs = envKwargs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(envKwargs));
        check("total_timesteps", totalTimesteps, totalTimesteps >= 1, ">= 1");
        check("learning_starts", learningStarts, learningStarts >= 0 && learningStarts < totalTimesteps,
                ">= 0 and < total_timesteps (" + totalTimesteps + ")");
        check("buffer_size", bufferSize, bufferSize >= 1, ">= 1");
        check("batch_size", batchSize, batchSize >= 1, ">= 1");
        check("gamma", gamma, gamma >= 0 && gamma <= 1, "in [0, 1]");
        check("train_frequency", trainFrequency, trainFrequency >= 1, ">= 1");
        check("gradient_steps", gradientSteps, gradientSteps >= 1, ">= 1");
        check("target_network_frequency", targetNetworkFrequency, targetNetworkFrequency >= 1, ">= 1");
        check("tau", tau, tau > 0 && tau <= 1, "in (0, 1]");
        if (loss == null) {
            throw new IllegalArgumentException("dqn.loss must be one of [mse, huber]");
        }
        exploration = exploration == null ? ExplorationConfig.DEFAULT : exploration;
        replay = replay == null ? ReplayConfig.DEFAULT : replay;
        if (hiddenSizes == null || hiddenSizes.stream().anyMatch(h -> h == null || h < 1)) {
            throw new IllegalArgumentException(
                    "dqn.hidden_sizes must be a list of widths >= 1, got " + hiddenSizes);
        }
        hiddenSizes = List.copyOf(hiddenSizes);
        check("eval_episodes", evalEpisodes, evalEpisodes >= 0, ">= 0 (0 disables evaluation)");
        check("eval_every", evalEvery, evalEvery >= 1, ">= 1");
        check("solve_threshold", solveThreshold, !Double.isNaN(solveThreshold), "a number");
        if (stopOnSolve && evalEpisodes == 0) {
            throw new IllegalArgumentException("dqn.stop_on_solve needs dqn.eval_episodes >= 1");
        }
    }

    /**
     * Binds the YAML section; missing keys take CleanRL's defaults.
     *
     * @param env {@code env}
     * @param envKwargs {@code env_kwargs}
     * @param totalTimesteps {@code total_timesteps}
     * @param learningStarts {@code learning_starts}
     * @param bufferSize {@code buffer_size}
     * @param batchSize {@code batch_size}
     * @param gamma {@code gamma}
     * @param trainFrequency {@code train_frequency}
     * @param gradientSteps {@code gradient_steps}
     * @param targetNetworkFrequency {@code target_network_frequency}
     * @param tau {@code tau}
     * @param doubleDqn {@code double_dqn}
     * @param loss {@code loss}
     * @param exploration {@code exploration}
     * @param replay {@code replay}
     * @param hiddenSizes {@code hidden_sizes}
     * @param evalEpisodes {@code eval_episodes}
     * @param evalEvery {@code eval_every}
     * @param solveThreshold {@code solve_threshold}
     * @param stopOnSolve {@code stop_on_solve}
     * @param pretrained {@code pretrained}: removed; any value, even null, is an error naming
     *     {@code init_from}
     * @param recordGif {@code record_gif}
     * @return the validated config
     */
    @JsonCreator
    public static DqnConfig of(
            @JsonProperty("env") String env,
            @JsonProperty("env_kwargs") Map<String, Object> envKwargs,
            @JsonProperty("total_timesteps") Long totalTimesteps,
            @JsonProperty("learning_starts") Long learningStarts,
            @JsonProperty("buffer_size") Integer bufferSize,
            @JsonProperty("batch_size") Integer batchSize,
            @JsonProperty("gamma") Double gamma,
            @JsonProperty("train_frequency") Integer trainFrequency,
            @JsonProperty("gradient_steps") Integer gradientSteps,
            @JsonProperty("target_network_frequency") Integer targetNetworkFrequency,
            @JsonProperty("tau") Double tau,
            @JsonProperty("double_dqn") Boolean doubleDqn,
            @JsonProperty("loss") String loss,
            @JsonProperty("exploration") ExplorationConfig exploration,
            @JsonProperty("replay") ReplayConfig replay,
            @JsonProperty("hidden_sizes") List<Integer> hiddenSizes,
            @JsonProperty("eval_episodes") Integer evalEpisodes,
            @JsonProperty("eval_every") Long evalEvery,
            @JsonProperty("solve_threshold") Double solveThreshold,
            @JsonProperty("stop_on_solve") Boolean stopOnSolve,
            @JsonProperty("pretrained") JsonNode pretrained,
            @JsonProperty("record_gif") Boolean recordGif) {
        if (pretrained != null) {
            // Jackson passes NullNode for an explicit `pretrained: null`, so every old config fails.
            throw new IllegalArgumentException("dqn.pretrained was removed: start from an earlier run's weights with "
                    + "the top-level `init_from: <run directory or checkpoint directory>` (e.g. init_from: "
                    + "../runs/cartpole-dqn), or delete the key to start from scratch; got pretrained: " + pretrained);
        }
        return new DqnConfig(
                env == null ? "CartPole-v1" : env,
                envKwargs,
                or(totalTimesteps, 500_000L),
                or(learningStarts, 10_000L),
                or(bufferSize, 10_000),
                or(batchSize, 128),
                or(gamma, 0.99),
                or(trainFrequency, 10),
                or(gradientSteps, 1),
                or(targetNetworkFrequency, 500),
                or(tau, 1.0),
                or(doubleDqn, false),
                TdLoss.parse(or(loss, "mse")),
                exploration,
                replay,
                or(hiddenSizes, List.of(120, 84)),
                or(evalEpisodes, 20),
                or(evalEvery, 10_000L),
                or(solveThreshold, 475.0),
                or(stopOnSolve, false),
                or(recordGif, true));
    }

    /**
     * The config with every default: CleanRL's DQN on CartPole-v1.
     *
     * @return the defaults
     */
    public static DqnConfig defaults() {
        return of(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    static void check(String key, double value, boolean ok, String allowed) {
        if (!ok) {
            String shown = value == Math.rint(value) && !Double.isInfinite(value)
                    ? Long.toString((long) value) : Double.toString(value);
            throw new IllegalArgumentException("dqn." + key + " must be " + allowed + ", got " + shown);
        }
    }
}
