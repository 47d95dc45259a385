package dev.lorakit.train;

import dev.lorakit.api.Stateful;
import dev.lorakit.train.checkpoint.CheckpointStore;
import dev.lorakit.train.metrics.MetricsFanout;
import dev.lorakit.train.metrics.MetricsListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options every run loop shares — the learner, checkpoints, the resolved config, metric
 * sinks, resuming — for the builders of {@link SupervisedTrainer} and {@link DefaultRlRuntime},
 * so that both read them the same way. {@code B} is the concrete builder, so that calls chain:
 * {@code SupervisedTrainer.builder().setLearner(l).setTask(t)}.
 *
 * @param <B> the concrete builder type
 */
public abstract class RunLoopBuilder<B extends RunLoopBuilder<B>> {

    DefaultLearner learner;
    CheckpointStore store;
    CheckpointConfig checkpointConfig = CheckpointConfig.defaults();
    String resolvedConfig;
    boolean resume = true;
    StopRequest stop = new StopRequest();
    final List<MetricsListener> listeners = new ArrayList<>();

    /** Only the builders of this package extend it. */
    RunLoopBuilder() {}

    /**
     * This builder, typed as the concrete builder.
     *
     * @return this
     */
    abstract B self();

    /**
     * The learner over the task's model.
     *
     * @param learner the learner
     * @return this builder
     */
    public B setLearner(DefaultLearner learner) {
        this.learner = learner;
        return self();
    }

    /**
     * Where to write checkpoints and how often; without it the run writes none.
     *
     * @param store the store
     * @param config the {@code checkpoint:} section
     * @return this builder
     */
    public B optCheckpoints(CheckpointStore store, CheckpointConfig config) {
        this.store = store;
        this.checkpointConfig = config;
        return self();
    }

    /**
     * The resolved config text copied into every checkpoint.
     *
     * @param yaml the config
     * @return this builder
     */
    public B optResolvedConfig(String yaml) {
        this.resolvedConfig = yaml;
        return self();
    }

    /**
     * Adds a metrics sink; closed when the run loop ends.
     *
     * @param listener the sink
     * @return this builder
     */
    public B optListener(MetricsListener listener) {
        this.listeners.add(listener);
        return self();
    }

    /**
     * Whether the run first resumes from the newest valid checkpoint (default true).
     *
     * @param resume false to start over even when checkpoints exist
     * @return this builder
     */
    public B optResume(boolean resume) {
        this.resume = resume;
        return self();
    }

    /**
     * The request, made from another thread (a signal handler), that the run stop at its next
     * safe point and write a checkpoint; without it the run only stops at its budget or by early
     * stopping.
     *
     * @param stop the request the caller may make
     * @return this builder
     */
    public B optStop(StopRequest stop) {
        this.stop = java.util.Objects.requireNonNull(stop, "stop");
        return self();
    }

    /**
     * Checks the shared required settings.
     *
     * @param loop the run loop's name, for the message
     * @param task the task set on the concrete builder, or null
     * @throws IllegalArgumentException when the learner or the task is missing
     */
    void validate(String loop, Object task) {
        if (learner == null || task == null) {
            throw new IllegalArgumentException(loop + " needs setLearner and setTask");
        }
        if (checkpointConfig == null) {
            throw new IllegalArgumentException(loop + ": optCheckpoints needs a checkpoint config");
        }
    }

    /**
     * The checkpoint side of the run built from these options: the learner, the loop's own
     * state part, early stopping when configured, the metric record count and the task's state.
     *
     * @param sinks the run's metric sinks, from {@link #sinks()}
     * @param name the loop's own part's name ({@code trainer}, {@code runtime})
     * @param own the loop's own state (position, latest metrics)
     * @param earlyStopping the run's early stopping, or null
     * @param taskStates the task's {@code state()}
     * @return the run checkpoints
     */
    RunCheckpoints checkpoints(
            MetricsFanout sinks, String name, Stateful own, EarlyStopping earlyStopping, Map<String, Stateful> taskStates) {
        Map<String, Stateful> runStates = new LinkedHashMap<>();
        runStates.put(name, own);
        if (earlyStopping != null) {
            runStates.put("early-stopping", earlyStopping);
        }
        return new RunCheckpoints(store, checkpointConfig, learner, sinks, runStates, taskStates, resolvedConfig);
    }

    /**
     * The metric sinks added so far, fanned out.
     *
     * @return the fan-out
     */
    MetricsFanout sinks() {
        return new MetricsFanout(listeners);
    }
}
