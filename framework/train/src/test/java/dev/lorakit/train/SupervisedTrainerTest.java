package dev.lorakit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.train.metrics.JsonlMetricsWriter;
import dev.lorakit.train.metrics.MetricsListener;
import dev.lorakit.train.metrics.WallClockMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisedTrainerTest {

    @TempDir Path tmp;

    /** Stops a run by throwing once a step past {@code step} is logged (like a crash). */
    private static MetricsListener crashAfter(long step) {
        return (s, metrics) -> {
            if (s > step) {
                throw new IllegalStateException("simulated crash at step " + s);
            }
        };
    }

    static List<Map<String, Double>> withoutTiming(Path metricsFile) throws Exception {
        return WallClockMetrics.strip(JsonlMetricsWriter.read(metricsFile));
    }

    @Test
    void learnsTheSpiralsAndLogsEveryPrefix() throws Exception {
        Path run = tmp.resolve("run");
        TrainingResult result = SpiralTrainingMain.run(run, 7, SpiralTrainingMain.MAX_STEPS, List.of());

        assertThat(result.steps()).isEqualTo(SpiralTrainingMain.MAX_STEPS);
        List<Map<String, Double>> rows = JsonlMetricsWriter.read(run.resolve("metrics.jsonl"));
        assertThat(rows.get(0)).containsKeys("step", "train/loss", "train/lr", "train/grad_norm");
        // Every wall-clock metric the trainer logs is named in WallClockMetrics, and no other
        // charts/ metric: resume tests compare everything else exactly.
        assertThat(rows.get(0).keySet().stream().filter(k -> k.startsWith("charts/")))
                .containsExactlyInAnyOrderElementsOf(WallClockMetrics.NAMES);
        assertThat(rows.get(0).get("charts/step_time")).isPositive().isLessThan(10.0);
        assertThat(rows.get(0).get("train/lr")).isEqualTo(0.0); // warm-up starts at 0, as transformers
        assertThat(rows).anySatisfy(r -> assertThat(r).containsKeys("eval/accuracy", "eval/loss"));
        assertThat(rows.get(rows.size() - 1)).containsKeys("test/accuracy", "test/loss");
        double firstLoss = rows.get(0).get("train/loss");
        double lastEvalLoss = result.finalMetrics().get("eval/loss");
        assertThat(lastEvalLoss).isLessThan(firstLoss);
        assertThat(result.finalMetrics().get("eval/accuracy")).isGreaterThan(1.0 / SpiralTask.CLASSES);
        // keep_last 2 + best 1 by eval/accuracy
        try (var dirs = Files.list(run.resolve("checkpoints"))) {
            assertThat(dirs.map(p -> p.getFileName().toString()).toList())
                    .contains("step-000024", "step-000020")
                    .hasSizeBetween(2, 3);
        }
    }

    @Test
    void resumedRunReproducesTheUninterruptedRunExactly() throws Exception {
        Path reference = tmp.resolve("reference");
        SpiralTrainingMain.run(reference, 11, SpiralTrainingMain.MAX_STEPS, List.of());

        Path interrupted = tmp.resolve("interrupted");
        // Checkpoint at 10 is written, the crash comes at 12: steps 11-12 are redone on resume.
        assertThatThrownBy(() -> SpiralTrainingMain.run(interrupted, 11, SpiralTrainingMain.MAX_STEPS, List.of(crashAfter(11))))
                .hasMessageContaining("simulated crash");
        assertThat(interrupted.resolve("checkpoints/step-000010")).isDirectory();
        SpiralTrainingMain.run(interrupted, 11, SpiralTrainingMain.MAX_STEPS, List.of());

        assertThat(withoutTiming(interrupted.resolve("metrics.jsonl")))
                .isEqualTo(withoutTiming(reference.resolve("metrics.jsonl")));
        assertThat(Files.readString(interrupted.resolve("final.params")))
                .isEqualTo(Files.readString(reference.resolve("final.params")));
    }

    @Test
    void aStopRequestEndsTheRunAfterTheCurrentUpdateAndResumeFinishesIt() throws Exception {
        // No dropout: the engine reseed after the extra checkpoint at step 7 then changes nothing,
        // so the resumed run must equal the uninterrupted one exactly.
        TrainerConfig config = SpiralTrainingMain.trainerConfig(SpiralTrainingMain.MAX_STEPS);
        ai.djl.Device[] cpu = Devices.resolve("cpu");
        Path reference = tmp.resolve("reference");
        SpiralTrainingMain.run(reference, 13, config, cpu, 0f, List.of());

        Path stopped = tmp.resolve("stopped");
        StopRequest stop = new StopRequest();
        MetricsListener signalAt7 = new MetricsListener() {
            @Override
            public void onMetrics(long step, Map<String, Double> metrics) {}

            @Override
            public void onProgress(long step, long total, String message) {
                if (step == 7) {
                    stop.request("SIGTERM");
                }
            }
        };
        TrainingResult result = SpiralTrainingMain.run(stopped, 13, config, cpu, 0f, List.of(signalAt7), stop);

        assertThat(result.interrupted()).isTrue();
        assertThat(result.steps()).isEqualTo(7);
        // Checkpoints every 5: step 5 by the interval, step 7 by the stop; no test pass ran.
        assertThat(stopped.resolve("checkpoints/step-000007/manifest.json")).isRegularFile();
        assertThat(JsonlMetricsWriter.read(stopped.resolve("metrics.jsonl")))
                .allSatisfy(row -> assertThat(row.keySet()).noneMatch(k -> k.startsWith("test/")));

        TrainingResult resumed = SpiralTrainingMain.run(stopped, 13, config, cpu, 0f, List.of());
        assertThat(resumed.interrupted()).isFalse();
        assertThat(resumed.steps()).isEqualTo(SpiralTrainingMain.MAX_STEPS);
        assertThat(withoutTiming(stopped.resolve("metrics.jsonl")))
                .isEqualTo(withoutTiming(reference.resolve("metrics.jsonl")));
        assertThat(Files.readString(stopped.resolve("final.params")))
                .isEqualTo(Files.readString(reference.resolve("final.params")));
    }

    @Test
    void misnamedEarlyStoppingMetricFailsListingTheMetrics() throws Exception {
        SpiralTask task = new SpiralTask(1, 32, 0f);
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            task.initialize(manager, 1);
            TrainerConfig config = TrainerConfig.of(null, null, null, null, 16, 2L, null, 1, null,
                    EarlyStoppingConfig.of("eval/acc", null, null, null), "cpu", null);
            DefaultLearner learner = DefaultLearner.fromConfig(config, task.model(), Devices.resolve("cpu"), 2, 1);
            SupervisedTrainer trainer = SupervisedTrainer.builder()
                    .setTask(task).setLearner(learner).setConfig(config).setSeed(1).build();
            assertThatThrownBy(trainer::fit)
                    .hasMessageContaining("trainer.early_stopping.metric 'eval/acc'")
                    .hasMessageContaining("eval/accuracy");
        }
    }

    @Test
    void differentSeedsGiveDifferentRuns() throws Exception {
        SpiralTrainingMain.run(tmp.resolve("a"), 1, 6, List.of());
        SpiralTrainingMain.run(tmp.resolve("b"), 2, 6, List.of());
        assertThat(Files.readString(tmp.resolve("a/final.params")))
                .isNotEqualTo(Files.readString(tmp.resolve("b/final.params")));
    }
}
