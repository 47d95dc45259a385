package dev.lorakit.train;

import ai.djl.ndarray.NDManager;
import dev.lorakit.api.Learner;
import dev.lorakit.api.ReinforcementTask;
import dev.lorakit.api.RlRuntime;
import dev.lorakit.api.Stateful;
import dev.lorakit.train.metrics.MetricsFanout;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The {@link RlRuntime} a {@link ReinforcementTask} trains with: the shared learner, the run's
 * metric sinks, the checkpoint store and early stopping, over the same classes the supervised
 * trainer uses.
 *
 * <pre>{@code
 * try (DefaultRlRuntime runtime = DefaultRlRuntime.builder()
 *         .setLearner(learner).setTask(dqnTask)
 *         .optCheckpoints(store, checkpointConfig)
 *         .optListener(JsonlMetricsWriter.open(runDir.resolve("metrics.jsonl")))
 *         .build()) {
 *     runtime.run();   // resumes from the newest valid checkpoint, then task.train(runtime)
 * }
 * }</pre>
 *
 * <p>Checkpoints hold the learner, this runtime's state (last checkpoint step, early stopping,
 * latest metrics) and the task's {@code state()} (replay buffer, environment RNGs, counters):
 * after {@link #run()} restores them the task continues where the interrupted run was. When the
 * task returns, a final checkpoint holds the trained weights (as the supervised trainer's does),
 * so a later run can start from them with {@code init_from}.
 */
public final class DefaultRlRuntime implements RlRuntime, AutoCloseable {

    private static final String STATE_MAGIC = "lorakit-rl-runtime";
    private static final int STATE_VERSION = 1;

    private final DefaultLearner learner;
    private final ReinforcementTask task;
    private final boolean resume;
    private final MetricsFanout listeners;
    private final EarlyStopping earlyStopping;
    private final RunCheckpoints checkpoints;
    private final Map<String, Double> latestMetrics = new LinkedHashMap<>();
    private long lastCheckpointStep = -1;
    private long lastStep = -1;
    private boolean stoppedEarly;
    private final StopRequest stop;
    private boolean interrupted;
    /** Whether the task ever asked {@link #stopRequested()}: if not, it has no safe point to stop at. */
    private boolean polled;

    private DefaultRlRuntime(Builder b) {
        this.learner = b.learner;
        this.task = b.task;
        this.resume = b.resume;
        this.listeners = b.sinks();
        this.stop = b.stop;
        this.earlyStopping = b.earlyStopping == null ? null : new EarlyStopping(b.earlyStopping);
        this.checkpoints = b.checkpoints(listeners, "runtime", new RuntimeState(), earlyStopping, task.state());
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Restores the newest valid checkpoint (if any, and unless built with {@code
     * optResume(false)}) into the learner, this runtime and the task, then runs {@link
     * ReinforcementTask#train(RlRuntime)}.
     *
     * @return the step resumed from, or empty for a fresh run
     * @throws Exception when restoring or training fails
     */
    public OptionalLong run() throws Exception {
        OptionalLong resumed = OptionalLong.empty();
        if (resume) {
            try (NDManager manager = NDManager.newBaseManager(learner.device())) {
                resumed = checkpoints.resume(manager);
            }
        }
        boolean atSafePoint = true;
        try {
            task.train(this);
        } catch (TaskStopped e) {
            atSafePoint = false;
        }
        interrupted = stop.isRequested();
        // A task stopped by force was mid-step: its state may be inconsistent, so no checkpoint.
        if (atSafePoint && lastStep > lastCheckpointStep) {
            checkpoint(lastStep);
        }
        return resumed;
    }

    @Override
    public Learner learner() {
        return learner;
    }

    /**
     * Logs the task's metrics, adding {@code charts/step_time} (median seconds per optimizer update
     * since the previous log, {@link dev.lorakit.train.metrics.StepTimes}) when updates ran since.
     *
     * @param step the environment step
     * @param metrics name to value
     */
    @Override
    public void log(long step, Map<String, Double> metrics) {
        stopIfTheTaskIgnoresRequests();
        lastStep = Math.max(lastStep, step);
        Map<String, Double> logged = new LinkedHashMap<>(metrics);
        learner.stepTimes().drainInto(logged);
        latestMetrics.putAll(logged);
        listeners.onMetrics(step, logged);
        if (earlyStopping != null && earlyStopping.update(logged)) {
            stoppedEarly = true;
        }
    }

    @Override
    public void checkpointIfDue(long step, Map<String, Double> metrics) {
        lastStep = Math.max(lastStep, step);
        if (!checkpoints.due(step, lastCheckpointStep)) {
            return;
        }
        latestMetrics.putAll(metrics);
        lastCheckpointStep = step;
        try {
            checkpoints.save(step, latestMetrics);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing the checkpoint of step " + step + " failed", e);
        }
    }

    /**
     * Writes a checkpoint now, whatever the interval (e.g. at the end of training).
     *
     * @param step the environment step
     * @throws IOException when writing fails
     */
    public void checkpoint(long step) throws IOException {
        lastCheckpointStep = step;
        checkpoints.save(step, latestMetrics);
    }

    @Override
    public void progress(long step, long total, String message) {
        stopIfTheTaskIgnoresRequests();
        listeners.onProgress(step, total, message);
    }

    /**
     * Whether early stopping triggered or the run's {@link StopRequest} was made (a signal).
     *
     * @return true to stop at the next safe point
     */
    @Override
    public boolean stopRequested() {
        polled = true;
        return stoppedEarly || stop.isRequested();
    }

    /**
     * A task that never polls {@link #stopRequested()} (e.g. one whose loop lives in a library)
     * would run to its end after a signal; it is stopped instead by an exception from its next
     * {@link #log} or {@link #progress} call, and {@link #run()} writes no checkpoint for it.
     */
    private void stopIfTheTaskIgnoresRequests() {
        if (!polled && stop.isRequested()) {
            throw new TaskStopped();
        }
    }

    /** Unwinds a task that does not poll for stop requests; only {@link #run()} catches it. */
    private static final class TaskStopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TaskStopped() {
            super("stop requested; the task does not poll RlRuntime.stopRequested()", null, false, false);
        }
    }

    /**
     * Whether the run's {@link StopRequest} was made by the time the task returned: its final
     * checkpoint then holds the step where it stopped, and resuming continues from there.
     *
     * @return true when the run was interrupted
     */
    public boolean interrupted() {
        return interrupted;
    }

    /** Closes the metric sinks. */
    @Override
    public void close() throws IOException {
        listeners.close();
    }

    private final class RuntimeState implements Stateful {
        @Override
        public void save(OutputStream out) throws IOException {
            DataOutputStream data = new DataOutputStream(out);
            StateFormat.writeHeader(data, STATE_MAGIC, STATE_VERSION);
            data.writeLong(lastCheckpointStep);
            // Early stopping only: a stop request (a signal) must not stop the resumed run.
            data.writeBoolean(stoppedEarly);
            StateFormat.writeMetrics(data, latestMetrics);
            data.flush();
        }

        @Override
        public void load(InputStream in) throws IOException {
            DataInputStream data = new DataInputStream(in);
            StateFormat.readHeader(data, STATE_MAGIC, STATE_VERSION);
            lastCheckpointStep = data.readLong();
            stoppedEarly = data.readBoolean();
            StateFormat.readMetrics(data, latestMetrics);
        }
    }

    /**
     * Builds a {@link DefaultRlRuntime}: {@code setX} are required, {@code optX} optional; the
     * options shared with the supervised trainer come from {@link RunLoopBuilder}.
     */
    public static final class Builder extends RunLoopBuilder<Builder> {
        private ReinforcementTask task;
        private EarlyStoppingConfig earlyStopping;

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * The task to train.
         *
         * @param task the task
         * @return this builder
         */
        public Builder setTask(ReinforcementTask task) {
            this.task = task;
            return this;
        }

        /**
         * Stop when a logged metric (e.g. {@code charts/episodic_return}) stops improving.
         *
         * @param config the {@code trainer.early_stopping} section, or null
         * @return this builder
         */
        public Builder optEarlyStopping(EarlyStoppingConfig config) {
            this.earlyStopping = config;
            return this;
        }

        /**
         * Validates the settings and builds the runtime.
         *
         * @return the runtime
         */
        public DefaultRlRuntime build() {
            validate("DefaultRlRuntime", task);
            return new DefaultRlRuntime(this);
        }
    }
}
