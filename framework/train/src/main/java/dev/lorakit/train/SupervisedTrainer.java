package dev.lorakit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.lorakit.api.Batch;
import dev.lorakit.api.ExampleSource;
import dev.lorakit.api.Learner;
import dev.lorakit.api.MetricAccumulator;
import dev.lorakit.api.Seeds;
import dev.lorakit.api.Stateful;
import dev.lorakit.api.SupervisedTask;
import dev.lorakit.train.metrics.MetricsFanout;
import dev.lorakit.train.metrics.MetricsListener;
import dev.lorakit.train.metrics.WallClockMetrics;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Runs a {@link SupervisedTask} on the shared {@link DefaultLearner}.
 *
 * <pre>{@code
 * TrainingResult result = SupervisedTrainer.builder()
 *         .setTask(task).setLearner(learner).setConfig(trainerConfig).setSeed(seed)
 *         .optCheckpoints(store, checkpointConfig).optResolvedConfig(yaml)
 *         .optListener(JsonlMetricsWriter.open(runDir.resolve("metrics.jsonl")))
 *         .build()
 *         .fit();
 * }</pre>
 *
 * <p>Each epoch visits the training examples in the order {@link ExampleSource#epochOrder} draws
 * from a generator seeded by (run seed, epoch) — a uniform permutation unless the source groups
 * similar examples — in batches of {@code batch_size} (the last may be smaller), each created in
 * a sub-manager closed after its step. A step here is an optimizer update. Every {@code log_every} updates it logs
 * {@code train/loss} (mean over the micro-batches since the last log), {@code train/lr} (the
 * rate of the last update), {@code train/grad_norm}, {@code train/epoch}, {@code charts/SPS}
 * (examples per second) and {@code charts/step_time} (median seconds per update, {@link
 * dev.lorakit.train.metrics.StepTimes}); every {@code eval_every} updates it evaluates the eval split with a
 * fresh {@link MetricAccumulator} ({@code eval/} prefix, plus {@code eval/loss}; each batch in its
 * own sub-manager and {@link NDScope}, so nothing it creates outlives it) and feeds early
 * stopping; every {@code checkpoint.every_steps} updates it writes a checkpoint. At the end it
 * evaluates once more (unless it just did), writes a final checkpoint and runs the test split
 * ({@code test/} prefix).
 *
 * <p>Resume: {@link #fit()} first restores the newest valid checkpoint, if any. The data
 * position (epoch, next batch), the logging window, early stopping and the latest metrics are
 * the trainer's state part; with the learner's and the task's state this makes the resumed
 * run's metrics equal the uninterrupted run's except the wall-clock ones, {@link
 * dev.lorakit.train.metrics.WallClockMetrics#NAMES}.
 */
public final class SupervisedTrainer {

    private static final String STATE_MAGIC = "lorakit-supervised-trainer";
    private static final int STATE_VERSION = 1;

    private final SupervisedTask task;
    private final DefaultLearner learner;
    private final TrainerConfig config;
    private final long seed;
    private final boolean resume;
    private final MetricsFanout listeners;
    private final EarlyStopping earlyStopping;
    private final RunCheckpoints checkpoints;
    private final StopRequest stop;

    private int epoch;
    private int batchIndex;
    private long step;
    private long lastEvalStep = -1;
    private long lastCheckpointStep = -1;
    private double windowLossSum;
    private long windowLossCount;
    private boolean stoppedEarly;
    private boolean interrupted;
    private final Map<String, Double> latestMetrics = new LinkedHashMap<>();

    private SupervisedTrainer(Builder b) {
        this.task = b.task;
        this.learner = b.learner;
        this.config = b.config;
        this.seed = b.seed;
        this.resume = b.resume;
        this.listeners = b.sinks();
        this.stop = b.stop;
        this.earlyStopping = config.earlyStopping() == null ? null : new EarlyStopping(config.earlyStopping());
        this.checkpoints = b.checkpoints(listeners, "trainer", new TrainerState(), earlyStopping, task.state());
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
     * Trains (resuming from the newest valid checkpoint when there is one) until {@code epochs}
     * or {@code max_steps} is reached or early stopping triggers, then evaluates and tests.
     * A {@link StopRequest} ends it after the current update instead, with a checkpoint of that
     * step and without the final evaluation and test pass. Closes the listeners at the end.
     *
     * @return how the run ended
     * @throws IOException when a checkpoint or metrics file cannot be written or read
     */
    public TrainingResult fit() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(learner.device());
                MetricsListener sinks = listeners) {
            if (resume) {
                checkpoints.resume(manager).ifPresent(s -> lastCheckpointStep = s);
            }
            ExampleSource train = task.trainData();
            int n = train.size();
            if (n == 0) {
                throw new IllegalStateException("The task's training split is empty");
            }
            long total = config.totalUpdates(n);
            int batches = (n + config.batchSize() - 1) / config.batchSize();
            long windowStart = System.nanoTime();
            long windowSamples = 0;
            interrupted = stop.isRequested(); // asked while the run was being built or restored
            loop:
            while (!finished() && !interrupted) {
                int[] order = epochOrder(train, epoch);
                while (batchIndex < batches) {
                    int from = batchIndex * config.batchSize();
                    int[] indices = Arrays.copyOfRange(order, from, Math.min(n, from + config.batchSize()));
                    Learner.StepResult result;
                    try (NDManager batchManager = manager.newSubManager()) {
                        Batch batch = train.batch(batchManager, indices);
                        result = learner.step(batch, task::loss);
                    }
                    batchIndex++;
                    windowSamples += indices.length;
                    if (Double.isFinite(result.loss())) {
                        windowLossSum += result.loss();
                        windowLossCount++;
                    }
                    if (!result.applied()) {
                        continue;
                    }
                    step = learner.updates();
                    if (step % config.logEvery() == 0) {
                        double seconds = (System.nanoTime() - windowStart) / 1e9;
                        logTraining(result, batches, windowSamples / Math.max(seconds, 1e-9));
                        windowStart = System.nanoTime();
                        windowSamples = 0;
                    }
                    if (config.evalEvery() > 0 && step % config.evalEvery() == 0) {
                        evaluateAndLog(manager);
                    }
                    sinks.onProgress(step, total, "");
                    if (checkpoints.due(step, lastCheckpointStep)) {
                        saveCheckpoint();
                    }
                    if (stoppedEarly || (config.maxSteps() > 0 && step >= config.maxSteps())) {
                        break loop;
                    }
                    stop.pauseIfTestAsks(step);
                    if (stop.isRequested()) {
                        // Only after an applied update: the data position and the learner agree here.
                        interrupted = true;
                        break loop;
                    }
                }
                epoch++;
                batchIndex = 0;
            }
            if (interrupted) {
                // No final evaluation or test pass: the run is not over, and resume does them.
                if (lastCheckpointStep != step && step > 0) {
                    saveCheckpoint();
                }
                return new TrainingResult(step, epoch, false, true, learner.skippedSteps(), evalMetrics());
            }
            if (lastEvalStep != step) {
                evaluateAndLog(manager);
            }
            if (lastCheckpointStep != step) {
                saveCheckpoint();
            }
            Map<String, Double> finalMetrics = evalMetrics();
            ExampleSource test = task.testData();
            if (test != null) {
                Map<String, Double> testMetrics = evaluate(manager, test, "test/");
                sinks.onMetrics(step, testMetrics);
                finalMetrics.putAll(testMetrics);
            }
            return new TrainingResult(step, epoch, stoppedEarly, false, learner.skippedSteps(), finalMetrics);
        }
    }

    /** The source's order for one epoch, checked: a wrong order would silently skip or repeat data. */
    private int[] epochOrder(ExampleSource train, int epochIndex) {
        int n = train.size();
        int[] order = train.epochOrder(new Random(Seeds.derive(seed, "data-order", epochIndex)), config.batchSize());
        boolean[] seen = new boolean[n];
        boolean valid = order != null && order.length == n;
        for (int i = 0; valid && i < n; i++) {
            valid = order[i] >= 0 && order[i] < n && !seen[order[i]];
            if (valid) {
                seen[order[i]] = true;
            }
        }
        if (!valid) {
            throw new IllegalStateException(train.getClass().getName() + ".epochOrder must return every index in 0.."
                    + (n - 1) + " exactly once; got " + (order == null ? "null" : order.length + " entries"
                    + " that are not a permutation"));
        }
        return order;
    }

    private Map<String, Double> evalMetrics() {
        Map<String, Double> eval = new LinkedHashMap<>();
        latestMetrics.forEach((k, v) -> {
            if (k.startsWith("eval/")) {
                eval.put(k, v);
            }
        });
        return eval;
    }

    private boolean finished() {
        return stoppedEarly
                || (config.epochs() > 0 && epoch >= config.epochs())
                || (config.maxSteps() > 0 && step >= config.maxSteps());
    }

    private void logTraining(Learner.StepResult result, int batches, double samplesPerSecond) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("train/loss", windowLossCount == 0 ? Double.NaN : windowLossSum / windowLossCount);
        // The rate the update just applied used: the schedule at the update index step - 1.
        m.put("train/lr", learner.learningRateAt(step - 1));
        m.put("train/grad_norm", result.gradientNorm());
        m.put("train/epoch", epoch + (double) batchIndex / batches);
        m.put(WallClockMetrics.SPS, samplesPerSecond);
        learner.stepTimes().drainInto(m);
        windowLossSum = 0;
        windowLossCount = 0;
        latestMetrics.putAll(m);
        listeners.onMetrics(step, m);
    }

    private void evaluateAndLog(NDManager manager) {
        Map<String, Double> m = evaluate(manager, task.evalData(), "eval/");
        if (earlyStopping != null && !m.containsKey(config.earlyStopping().metric())) {
            throw new IllegalArgumentException(
                    "trainer.early_stopping.metric '"
                            + config.earlyStopping().metric()
                            + "' is not an evaluation metric of this task; they are "
                            + m.keySet());
        }
        lastEvalStep = step;
        latestMetrics.putAll(m);
        listeners.onMetrics(step, m);
        if (earlyStopping != null && earlyStopping.update(m)) {
            stoppedEarly = true;
        }
    }

    private Map<String, Double> evaluate(NDManager manager, ExampleSource source, String prefix) {
        MetricAccumulator metrics = task.newMetrics();
        double lossSum = 0;
        long examples = 0;
        int n = source.size();
        for (int from = 0; from < n; from += config.batchSize()) {
            int to = Math.min(n, from + config.batchSize());
            int[] indices = new int[to - from];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = from + i;
            }
            // The scope frees what the batch's forward pass put outside the batch's manager: an
            // op's output belongs to its first input's manager, and a block whose first operand
            // is a parameter (a LoRA convolution composing its kernel) creates arrays in the
            // model's, which would otherwise live until the model closes (EvaluationMemoryTest).
            try (NDManager batchManager = manager.newSubManager();
                    NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                Batch batch = source.batch(batchManager, indices);
                NDList predictions = learner.predict(batch.inputs());
                metrics.update(predictions, batch.labels());
                NDArray loss = task.loss(predictions, batch.labels());
                lossSum += loss.toType(DataType.FLOAT64, false).getDouble() * indices.length;
                examples += indices.length;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.compute().forEach((k, v) -> out.put(prefix + k, v));
        out.putIfAbsent(prefix + "loss", examples == 0 ? Double.NaN : lossSum / examples);
        return out;
    }

    private void saveCheckpoint() throws IOException {
        lastCheckpointStep = step;
        checkpoints.save(step, latestMetrics);
    }

    /** The trainer's own checkpoint part: data position, logging window, latest metrics. */
    private final class TrainerState implements Stateful {
        @Override
        public void save(OutputStream out) throws IOException {
            DataOutputStream data = new DataOutputStream(out);
            StateFormat.writeHeader(data, STATE_MAGIC, STATE_VERSION);
            data.writeLong(seed);
            data.writeInt(epoch);
            data.writeInt(batchIndex);
            data.writeLong(step);
            data.writeLong(lastEvalStep);
            data.writeLong(lastCheckpointStep);
            data.writeDouble(windowLossSum);
            data.writeLong(windowLossCount);
            data.writeBoolean(stoppedEarly);
            StateFormat.writeMetrics(data, latestMetrics);
            data.flush();
        }

        @Override
        public void load(InputStream in) throws IOException {
            DataInputStream data = new DataInputStream(in);
            StateFormat.readHeader(data, STATE_MAGIC, STATE_VERSION);
            StateFormat.checkSeed(data.readLong(), seed);
            epoch = data.readInt();
            batchIndex = data.readInt();
            step = data.readLong();
            lastEvalStep = data.readLong();
            lastCheckpointStep = data.readLong();
            windowLossSum = data.readDouble();
            windowLossCount = data.readLong();
            stoppedEarly = data.readBoolean();
            StateFormat.readMetrics(data, latestMetrics);
        }
    }

    /**
     * Builds a {@link SupervisedTrainer}: {@code setX} are required, {@code optX} optional; the
     * options shared with the RL runtime come from {@link RunLoopBuilder}.
     */
    public static final class Builder extends RunLoopBuilder<Builder> {
        private SupervisedTask task;
        private TrainerConfig config;
        private long seed;
        private boolean seedSet;

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
        public Builder setTask(SupervisedTask task) {
            this.task = task;
            return this;
        }

        /**
         * The {@code trainer:} section.
         *
         * @param config the config
         * @return this builder
         */
        public Builder setConfig(TrainerConfig config) {
            this.config = config;
            return this;
        }

        /**
         * The run seed (data order).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder setSeed(long seed) {
            this.seed = seed;
            this.seedSet = true;
            return this;
        }

        /**
         * Validates the settings and builds the trainer.
         *
         * @return the trainer
         */
        public SupervisedTrainer build() {
            validate("SupervisedTrainer", task);
            if (config == null || !seedSet) {
                throw new IllegalArgumentException("SupervisedTrainer needs setTask, setLearner, setConfig and setSeed");
            }
            return new SupervisedTrainer(this);
        }
    }
}
