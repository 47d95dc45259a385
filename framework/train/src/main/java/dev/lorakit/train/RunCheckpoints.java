package dev.lorakit.train;

import ai.djl.ndarray.NDManager;
import dev.lorakit.api.Stateful;
import dev.lorakit.train.checkpoint.Checkpoint;
import dev.lorakit.train.checkpoint.CheckpointContent;
import dev.lorakit.train.checkpoint.CheckpointStore;
import dev.lorakit.train.metrics.MetricsFanout;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint side of a run, shared by the supervised trainer and the RL runtime: what a
 * checkpoint holds (learner, the run's own state, the task's state, the resolved config), when
 * one is due, and resuming from the newest valid one.
 */
final class RunCheckpoints {

    private static final Logger LOG = LoggerFactory.getLogger(RunCheckpoints.class);

    private final CheckpointStore store;
    private final int everySteps;
    private final CheckpointContent content;
    private final DefaultLearner learner;
    private final MetricsFanout listeners;

    /**
     * Creates the checkpoint side of a run.
     *
     * @param store the store, or null for a run without checkpoints
     * @param config the {@code checkpoint:} section
     * @param learner the learner
     * @param listeners the run's metric sinks (their record count is saved too)
     * @param runStates the trainer's or runtime's own state parts
     * @param taskStates the task's {@code state()}
     * @param resolvedConfig the resolved config text, or null
     */
    RunCheckpoints(
            CheckpointStore store,
            CheckpointConfig config,
            DefaultLearner learner,
            MetricsFanout listeners,
            Map<String, Stateful> runStates,
            Map<String, Stateful> taskStates,
            String resolvedConfig) {
        this.store = store;
        this.everySteps = config.everySteps();
        this.learner = learner;
        this.listeners = listeners;
        Map<String, Stateful> own = new java.util.LinkedHashMap<>(runStates);
        own.put("metrics", listeners);
        this.content = CheckpointContent.of(learner, config.adapterOnly(), own, taskStates, resolvedConfig);
    }

    /**
     * Whether a periodic checkpoint is due at {@code step}.
     *
     * @param step the step just completed
     * @param lastSaved the step of the last checkpoint, or -1
     * @return true when the step crossed a multiple of {@code every_steps} since the last one
     */
    boolean due(long step, long lastSaved) {
        return store != null && everySteps > 0 && step / everySteps > Math.max(lastSaved, 0) / everySteps;
    }

    /**
     * Writes a checkpoint (when the run has a store), then reseeds the engine from the step so
     * that this run and one resumed from the checkpoint draw the same random numbers.
     *
     * @param step the step
     * @param metrics the latest metrics
     * @throws IOException when writing fails
     */
    void save(long step, Map<String, Double> metrics) throws IOException {
        if (store != null) {
            store.save(step, content, metrics);
            learner.reseedEngine(step);
        }
    }

    /**
     * Restores the newest valid checkpoint into the learner, run and task state and tells the
     * listeners to forget what the interrupted run logged after it.
     *
     * A run without a valid checkpoint starts over, and its sinks drop what an interrupted
     * attempt logged before its first checkpoint.
     *
     * @param manager for temporary arrays
     * @return the restored step, or empty when there is nothing to resume from
     * @throws IOException when the checkpoint does not fit the run
     */
    OptionalLong resume(NDManager manager) throws IOException {
        if (store == null) {
            return OptionalLong.empty();
        }
        java.util.Optional<Checkpoint> latest = store.latestValid();
        if (latest.isEmpty()) {
            listeners.onResume(0, 0);
            return OptionalLong.empty();
        }
        Checkpoint c = latest.get();
        store.restore(c, content, manager);
        learner.reseedEngine(c.step());
        listeners.onResume(c.step(), listeners.records());
        LOG.info("Resumed from {} (step {})", c.directory(), c.step());
        return OptionalLong.of(c.step());
    }
}
