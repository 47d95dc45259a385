package dev.lorakit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import dev.lorakit.api.MainMetric;
import dev.lorakit.api.ReinforcementTask;
import dev.lorakit.api.RlRuntime;
import dev.lorakit.api.Seeds;
import dev.lorakit.api.Stateful;
import dev.lorakit.train.checkpoint.CheckpointStore;
import dev.lorakit.train.metrics.JsonlMetricsWriter;
import dev.lorakit.train.metrics.StepTimes;
import dev.lorakit.train.metrics.WallClockMetrics;
import dev.lorakit.train.optim.SgdConfig;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultRlRuntimeTest {

    private static final long SEED = 5;
    private static final int TOTAL = 30;

    @TempDir Path tmp;

    /**
     * An RL-shaped task: it drives its own loop, draws noisy samples from its own RNG (task
     * state), steps the shared learner, logs and checkpoints through the runtime.
     */
    static final class NoisyRegressionTask implements ReinforcementTask {
        private final Linear model = Linear.builder().setUnits(1).build();
        private final int crashAt;
        private final boolean pollsStop;
        private long step;
        private long rngSeed = Seeds.derive(SEED, "env");
        private Random random = new Random(rngSeed);
        private long draws;

        NoisyRegressionTask(int crashAt, boolean pollsStop) {
            this.crashAt = crashAt;
            this.pollsStop = pollsStop;
        }

        @Override
        public void train(RlRuntime runtime) {
            try (NDManager manager = NDManager.newBaseManager()) {
                while (step < TOTAL && !(pollsStop && runtime.stopRequested())) {
                    float a = (float) random.nextGaussian();
                    float b = (float) random.nextGaussian();
                    draws += 2;
                    NDArray x = manager.create(new float[] {a, b}, new Shape(1, 2));
                    NDArray y = manager.create(new float[] {3 * a - 2 * b + 0.1f}, new Shape(1, 1));
                    double loss = runtime.learner()
                            .step(f -> f.apply(new NDList(x)).head().sub(y).square().mean())
                            .loss();
                    step++;
                    if (step == crashAt) {
                        throw new IllegalStateException("simulated crash at step " + step);
                    }
                    runtime.log(step, Map.of("losses/td_loss", loss));
                    runtime.checkpointIfDue(step, Map.of("losses/td_loss", loss));
                    runtime.progress(step, TOTAL, "");
                }
            }
        }

        @Override
        public Map<String, Stateful> state() {
            return Map.of("env", new Stateful() {
                @Override
                public void save(OutputStream out) throws IOException {
                    DataOutputStream data = new DataOutputStream(out);
                    data.writeLong(step);
                    data.writeLong(draws);
                    data.flush();
                }

                @Override
                public void load(InputStream in) throws IOException {
                    DataInputStream data = new DataInputStream(in);
                    step = data.readLong();
                    draws = data.readLong();
                    // Replays the stream to where it was: Random's state is not otherwise reachable.
                    random = new Random(rngSeed);
                    for (long i = 0; i < draws; i++) {
                        random.nextGaussian();
                    }
                }
            });
        }

        @Override
        public Block model() {
            return model;
        }

        @Override
        public Shape[] inputShapes() {
            return new Shape[] {new Shape(1, 2)};
        }

        @Override
        public MainMetric mainMetric() {
            return new MainMetric("losses/td_loss", false);
        }
    }

    private String run(Path dir, int crashAt, EarlyStoppingConfig earlyStopping) throws Exception {
        return run(dir, crashAt, earlyStopping, 1);
    }

    private String run(Path dir, int crashAt, EarlyStoppingConfig earlyStopping, int accumulation) throws Exception {
        return run(dir, crashAt, earlyStopping, accumulation, -1, true);
    }

    /** A run; {@code stopAt} > 0 requests a stop (as a signal would) when that step is logged. */
    private String run(Path dir, int crashAt, EarlyStoppingConfig earlyStopping, int accumulation, long stopAt,
            boolean pollsStop) throws Exception {
        StopRequest stop = new StopRequest();
        NoisyRegressionTask task = new NoisyRegressionTask(crashAt, pollsStop);
        try (NDManager manager = NDManager.newBaseManager()) {
            Seeds.seedEngine(SEED);
            task.model().initialize(manager, DataType.FLOAT32, task.inputShapes());
            DefaultLearner learner = DefaultLearner.builder()
                    .setModel(task.model())
                    .setOptimizer(new SgdConfig(0.05, 0.9, false, 0).newOptimizer(manager))
                    .optAccumulationSteps(accumulation)
                    .setSeed(SEED)
                    .build();
            CheckpointStore store = CheckpointStore.builder().setDirectory(dir.resolve("checkpoints")).build();
            try (DefaultRlRuntime runtime = DefaultRlRuntime.builder()
                    .setLearner(learner)
                    .setTask(task)
                    .optCheckpoints(store, CheckpointConfig.of(5, 2, 0, null, false))
                    .optEarlyStopping(earlyStopping)
                    .optListener(JsonlMetricsWriter.open(dir.resolve("metrics.jsonl")))
                    .optListener((step, metrics) -> {
                        if (step == stopAt) {
                            stop.request("SIGINT");
                        }
                    })
                    .optStop(stop)
                    .build()) {
                runtime.run();
                assertThat(runtime.interrupted()).isEqualTo(stopAt > 0);
            }
            return ParameterDump.text(task.model());
        }
    }

    @Test
    void resumedRlRunMatchesTheUninterruptedRun() throws Exception {
        String reference = run(tmp.resolve("ref"), -1, null);
        assertThatThrownBy(() -> run(tmp.resolve("crash"), 17, null)).hasMessageContaining("simulated crash");
        assertThat(tmp.resolve("crash/checkpoints/step-000015")).isDirectory();
        String resumed = run(tmp.resolve("crash"), -1, null);

        assertThat(resumed).isEqualTo(reference);
        List<Map<String, Double>> crashed = JsonlMetricsWriter.read(tmp.resolve("crash/metrics.jsonl"));
        // Every log after an update carries its wall-clock step time; the rest must match exactly.
        assertThat(crashed).hasSize(TOTAL).allSatisfy(row -> assertThat(row.get(StepTimes.METRIC)).isPositive());
        assertThat(WallClockMetrics.strip(crashed))
                .isEqualTo(WallClockMetrics.strip(JsonlMetricsWriter.read(tmp.resolve("ref/metrics.jsonl"))));
    }

    @Test
    void checkpointInsideAnAccumulationWindowResumesExactly() throws Exception {
        // Accumulation 3, checkpoints every 5 environment steps: the checkpoint of step 5 is two
        // micro-batches into a window, step 10 one, step 15 none; the crash at 13 resumes from 10.
        String reference = run(tmp.resolve("ref"), -1, null, 3);
        assertThatThrownBy(() -> run(tmp.resolve("crash"), 13, null, 3)).hasMessageContaining("simulated crash");
        assertThat(tmp.resolve("crash/checkpoints/step-000010")).isDirectory();
        String resumed = run(tmp.resolve("crash"), -1, null, 3);

        assertThat(resumed).isEqualTo(reference);
        assertThat(WallClockMetrics.strip(JsonlMetricsWriter.read(tmp.resolve("crash/metrics.jsonl"))))
                .isEqualTo(WallClockMetrics.strip(JsonlMetricsWriter.read(tmp.resolve("ref/metrics.jsonl"))));
    }

    @Test
    void aStopRequestEndsTheTaskWithACheckpointAndTheResumedRunIsNotStopped() throws Exception {
        String reference = run(tmp.resolve("ref"), -1, null);
        run(tmp.resolve("stopped"), -1, null, 1, 12, true);
        // The task stops at its next poll, after step 12; the interval (5) gave 10, the stop 12.
        assertThat(Files.readAllLines(tmp.resolve("stopped/metrics.jsonl"))).hasSize(12);
        assertThat(tmp.resolve("stopped/checkpoints/step-000012/manifest.json")).isRegularFile();

        // The request is not part of the checkpoint: the resumed run trains to the end.
        String resumed = run(tmp.resolve("stopped"), -1, null);
        assertThat(resumed).isEqualTo(reference);
        assertThat(WallClockMetrics.strip(JsonlMetricsWriter.read(tmp.resolve("stopped/metrics.jsonl"))))
                .isEqualTo(WallClockMetrics.strip(JsonlMetricsWriter.read(tmp.resolve("ref/metrics.jsonl"))));
    }

    @Test
    void aTaskThatNeverPollsIsStoppedAtItsNextLogWithoutACheckpoint() throws Exception {
        run(tmp.resolve("forced"), -1, null, 1, 12, false);
        // The request comes while step 12 is logged; the task's next call (progress) unwinds it.
        assertThat(Files.readAllLines(tmp.resolve("forced/metrics.jsonl"))).hasSize(12);
        assertThat(tmp.resolve("forced/checkpoints/step-000010/manifest.json")).isRegularFile();
        assertThat(tmp.resolve("forced/checkpoints/step-000012")).doesNotExist();
    }

    @Test
    void earlyStoppingOnALoggedMetricStopsTheTask() throws Exception {
        run(tmp.resolve("early"), -1, EarlyStoppingConfig.of("losses/td_loss", "min", 1, 1e9));
        // The first value sets the best; the second cannot improve by 1e9: stop after step 2.
        assertThat(Files.readAllLines(tmp.resolve("early/metrics.jsonl"))).hasSize(2);
        // The interval (5) was never reached: the final checkpoint still holds the trained model.
        assertThat(tmp.resolve("early/checkpoints/step-000002/manifest.json")).isRegularFile();
    }
}
