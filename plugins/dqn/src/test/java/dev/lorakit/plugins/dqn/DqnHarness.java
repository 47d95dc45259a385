package dev.lorakit.plugins.dqn;

import dev.lorakit.train.CheckpointConfig;
import dev.lorakit.train.DefaultLearner;
import dev.lorakit.train.DefaultRlRuntime;
import dev.lorakit.train.checkpoint.CheckpointStore;
import dev.lorakit.train.metrics.JsonlMetricsWriter;
import dev.lorakit.train.optim.AdamWConfig;
import java.nio.file.Path;
import dev.lorakit.testing.support.TestContext;

/** Runs a DQN config the way the host does: shared learner, RL runtime, checkpoints, JSONL metrics. */
final class DqnHarness {

    private DqnHarness() {}

    /** The outcome of a run. */
    record Outcome(long updates, long solvedAtStep, long trainableParameters) {}

    static Outcome run(DqnConfig config, Path runDir, long seed, double lr, int checkpointEvery) throws Exception {
        try (TestContext context = new TestContext(runDir, seed);
                DqnTask task = new DqnTask(config, context)) {
            task.onModelReady(task.model());
            try (DefaultLearner learner = DefaultLearner.builder()
                            .setModel(task.model())
                            .setOptimizer(AdamWConfig.of(lr, null, null, 0.0).newOptimizer(context.manager()))
                            .setSeed(seed)
                            .build();
                    DefaultRlRuntime runtime = DefaultRlRuntime.builder()
                            .setLearner(learner)
                            .setTask(task)
                            .optCheckpoints(
                                    CheckpointStore.builder().setDirectory(runDir.resolve("checkpoints")).optKeepLast(20).build(),
                                    CheckpointConfig.of(checkpointEvery, 20, 0, null, false))
                            .optListener(JsonlMetricsWriter.open(runDir.resolve("metrics.jsonl")))
                            .build()) {
                runtime.run();
                return new Outcome(learner.updates(), task.solvedAtStep(), task.trainableParameters());
            }
        }
    }
}
