package dev.lorakit.plugins.dqn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.lorakit.train.metrics.JsonlMetricsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seconds of real DQN training on the real CartPole-v1 through the shared learner and runtime. */
class CartPoleSmokeTest {

    static DqnConfig shortRun(long total, boolean doubleDqn, String replay) {
        return DqnConfig.of("CartPole-v1", null, total, 500L, 5_000, 64, 0.99, 4, 1, 100, 1.0, doubleDqn,
                "huber", ExplorationConfig.of(1.0, 0.05, 0.5), ReplayConfig.of(replay, null, null, null),
                List.of(32, 32), 3, 1_000L, 475.0, false, null, true);
    }

    @Test
    void trainsLogsCleanRlMetricsAndWritesWeightsSummaryAndGif(@TempDir Path run) throws Exception {
        DqnHarness.Outcome outcome = DqnHarness.run(shortRun(2_000, false, "uniform"), run, 3, 1e-3, 0);

        // Steps s in [0, 2000) with s > 500 and s % 4 == 0 train once: 504, 508, ..., 1996.
        assertThat(outcome.updates()).isEqualTo((1996 - 504) / 4 + 1);
        assertThat(outcome.trainableParameters()).isEqualTo(4 * 32 + 32 + 32 * 32 + 32 + 32 * 2 + 2);

        List<Map<String, Double>> metrics = JsonlMetricsWriter.read(run.resolve("metrics.jsonl"));
        Set<String> names = metrics.stream().flatMap(m -> m.keySet().stream()).collect(Collectors.toSet());
        assertThat(names).contains("charts/episodic_return", "charts/episodic_length", "charts/epsilon",
                "charts/SPS", "losses/td_loss", "losses/q_values", "eval/episodic_return");
        assertThat(metrics.stream().filter(m -> m.containsKey("losses/td_loss"))
                        .map(m -> m.get("losses/td_loss")))
                .isNotEmpty().allMatch(Double::isFinite);
        // CartPole pays 1 per step, so an episode's return equals its length.
        Map<String, Double> episode = metrics.stream()
                .filter(m -> m.containsKey("charts/episodic_return")).findFirst().orElseThrow();
        assertThat(episode.get("charts/episodic_return")).isEqualTo(episode.get("charts/episodic_length"));

        DqnSummary summary = DqnSummary.read(run.resolve("dqn-summary.json"));
        assertThat(summary.steps()).isEqualTo(2_000);
        assertThat(summary.trainableParameters()).isEqualTo(outcome.trainableParameters());
        assertThat(summary.finalEvalReturn()).isBetween(8.0, 500.0);

        byte[] gif = Files.readAllBytes(run.resolve("report/greedy-episode.gif"));
        assertThat(new String(gif, 0, 6, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("GIF89a");

        assertSavedWeightsReproduceTheNetwork(run.resolve("q_network.safetensors"), run);
    }

    @Test
    void doubleDqnWithPrioritizedReplayRuns(@TempDir Path run) throws Exception {
        DqnHarness.Outcome outcome = DqnHarness.run(shortRun(1_000, true, "prioritized"), run, 5, 1e-3, 0);
        assertThat(outcome.updates()).isEqualTo((996 - 504) / 4 + 1);
        assertThat(JsonlMetricsWriter.read(run.resolve("metrics.jsonl")).stream()
                        .filter(m -> m.containsKey("losses/td_loss")).map(m -> m.get("losses/td_loss")))
                .isNotEmpty().allMatch(Double::isFinite);
    }

    private static void assertSavedWeightsReproduceTheNetwork(Path weights, Path run) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            QNetwork fresh = QNetwork.builder().setObservationSize(4).setHiddenSizes(List.of(32, 32)).setActions(2).build();
            fresh.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
            QNetworkWeights.load(fresh, weights, "test");
            NDArray obs = manager.create(new float[] {0.01f, -0.2f, 0.03f, 0.1f}, new Shape(1, 4));
            float[] q = fresh.forward(new ParameterStore(manager, false), new NDList(obs), false)
                    .singletonOrThrow().toFloatArray();
            // The saved network is the trained one: its Q-values are no longer the tiny ones of
            // a fresh init (|Q| < ~1) after 2,000 steps of TD learning on rewards of 1.
            assertThat(Math.max(Math.abs(q[0]), Math.abs(q[1]))).isGreaterThan(1.0f);
        }
    }
}
