package dev.lorakit.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.lorakit.api.Batch;
import dev.lorakit.api.Learner;
import dev.lorakit.api.Stateful;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.train.metrics.StepTimes;
import dev.lorakit.train.optim.LrSchedule;
import dev.lorakit.train.optim.Optimizer;
import dev.lorakit.train.optim.ScheduleConfig;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.lorakit.lora.ndarray.ScalarOps;

/**
 * The shared {@link Learner}: forward in a DJL gradient collector, backward, gradient
 * accumulation, a non-finite guard, clipping by global norm, an in-place optimizer update of
 * the trainable parameters only, and the learning-rate schedule.
 *
 * <pre>{@code
 * DefaultLearner learner = DefaultLearner.builder()
 *         .setModel(model)                      // initialized, LoRA injected, base frozen
 *         .setOptimizer(new AdamWConfig(...).newOptimizer(manager))
 *         .optSchedule(ScheduleConfig.of(LINEAR, 100).newSchedule(totalUpdates))
 *         .optGradClipNorm(1.0)
 *         .setSeed(runSeed)
 *         .build();
 * double loss = learner.step(fwd -> task.loss(fwd.apply(batch.inputs()), batch.labels())).loss();
 * }</pre>
 *
 * <p>Why it is shaped this way: a gradient collector is opened per micro-batch (DJL allows one
 * per JVM at a time); every array a step creates is freed by an {@link NDScope} when the step
 * ends (otherwise intermediates pile up in the parameters' manager). Its state ({@link
 * #state()}) holds the optimizer's moments and the update count, from which the schedule
 * position follows. The engine RNG (dropout masks) cannot be saved through DJL; {@link
 * #reseedEngine(long)} restarts it from (seed, step), and the run's checkpoint code calls it
 * right after writing and right after restoring a checkpoint, so both runs draw the same masks
 * from then on. (Reseeding before every step would also work but costs ~80 ms per call with
 * libtorch 2.7.1 on these machines.)
 *
 * <p>Several devices: the model lives on the first; {@link #step(Batch, BatchLoss)} trains data
 * parallel as DJL's {@code EasyTrain.trainBatch} with a {@code ParameterStore} does — the batch
 * is split along axis 0 in {@code Batchifier.split} fashion (shards of {@code ceil(n / devices)},
 * the last smaller, fewer shards than devices when the batch is small), each shard runs forward
 * and backward on its own replica of the parameters, the gradients are summed onto the first
 * device and one optimizer update follows, whose values are copied back to the replicas (see
 * {@link ParameterReplicas}). Each shard's loss is weighted by its share of the batch, so for a
 * loss that is a mean over examples the summed gradient is the one-device gradient of the whole
 * batch (DJL sums unweighted shard means). {@link #step(LossFunction)} cannot split a batch it
 * does not see: it trains on the first device only.
 */
public final class DefaultLearner implements Learner, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultLearner.class);
    private static final String STATE_MAGIC = "lorakit-learner";
    private static final int STATE_VERSION = 2;

    private final Block model;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final double gradClipNorm;
    private final int accumulationSteps;
    private final boolean skipNonFinite;
    private final long seed;
    private final Device device;
    private final ParameterReplicas replicas;
    private final Map<String, Parameter> trainable;

    private long updates;
    private int pendingMicroBatches;
    private int finiteInWindow;
    private long skippedSteps;
    private boolean inStep;
    private long pendingNanos;
    private final StepTimes stepTimes = new StepTimes();

    private DefaultLearner(Builder b) {
        this.model = b.model;
        this.optimizer = b.optimizer;
        this.schedule = b.schedule;
        this.gradClipNorm = b.gradClipNorm;
        this.accumulationSteps = b.accumulationSteps;
        this.skipNonFinite = b.skipNonFinite;
        this.seed = b.seed;
        this.device = b.devices[0];
        Map<String, Parameter> params = new LinkedHashMap<>();
        Map<String, Parameter> frozen = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : ModuleTree.namedParameters(model).entrySet()) {
            Parameter p = e.getValue();
            if (!p.isInitialized()) {
                throw new IllegalStateException(
                        "Parameter " + e.getKey() + " is not initialized: initialize the model before building the learner");
            }
            if (p.requiresGradient()) {
                params.put(e.getKey(), p);
            } else {
                frozen.put(e.getKey(), p);
            }
        }
        if (params.isEmpty()) {
            throw new IllegalStateException("The model has no trainable parameter: everything is frozen");
        }
        this.trainable = Collections.unmodifiableMap(params);
        this.replicas = new ParameterReplicas(b.devices, trainable, frozen);
        if (b.devices.length > 1) {
            LOG.info("Data-parallel training over {} devices: {}", b.devices.length, java.util.Arrays.toString(b.devices));
        }
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
     * A learner as the {@code trainer:} section describes it.
     *
     * @param config the trainer config
     * @param model the initialized model, trainable parameters unfrozen
     * @param devices the devices from {@link Devices#resolve}
     * @param totalUpdates the run's optimizer updates, for linear and cosine schedules
     * @param seed the run seed
     * @return the learner
     */
    public static DefaultLearner fromConfig(
            TrainerConfig config, Block model, Device[] devices, long totalUpdates, long seed) {
        NDManager manager = firstArray(model).getManager();
        return builder()
                .setModel(model)
                .setOptimizer(config.optimizer().newOptimizer(manager))
                .optSchedule(config.schedule().newSchedule(totalUpdates))
                .optGradClipNorm(config.gradClipNorm())
                .optAccumulationSteps(config.accumulationSteps())
                .optSkipNonFinite(config.skipNonFinite())
                .optDevices(devices)
                .setSeed(seed)
                .build();
    }

    private static NDArray firstArray(Block model) {
        for (Parameter p : ModuleTree.namedParameters(model).values()) {
            if (p.isInitialized()) {
                return p.getArray();
            }
        }
        throw new IllegalStateException("The model has no initialized parameter");
    }

    @Override
    public StepResult step(LossFunction lossFunction) {
        return timed(() -> singleDeviceStep(lossFunction));
    }

    private StepResult timed(java.util.function.Supplier<StepResult> step) {
        long started = System.nanoTime();
        StepResult result = step.get();
        pendingNanos += System.nanoTime() - started;
        if (pendingMicroBatches == 0) {
            // One sample per update attempt, covering all of its micro-batches.
            stepTimes.record(pendingNanos);
            pendingNanos = 0;
        }
        return result;
    }

    /**
     * The durations of this learner's updates since the training loop last logged them ({@code
     * charts/step_time}).
     *
     * @return the step timer the loops drain at each log
     */
    public StepTimes stepTimes() {
        return stepTimes;
    }

    private StepResult singleDeviceStep(LossFunction lossFunction) {
        double lossValue;
        inStep = true;
        try (NDScope scope = new NDScope();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            NDArray loss = lossFunction.loss(inputs -> model.forward(replicas.store(0), inputs, true));
            lossValue = Gradients.scalar(loss);
            if (Double.isFinite(lossValue)) {
                collector.backward(accumulationSteps > 1 ? ScalarOps.div(loss, accumulationSteps) : loss);
                finiteInWindow++;
            } else {
                onNonFinite("loss", lossValue);
            }
        } finally {
            inStep = false;
        }
        return endMicroBatch(lossValue);
    }

    /**
     * One micro-batch given as data: split across the learner's devices (data parallel), or the
     * same as {@link #step(LossFunction)} on one device. Every array of the batch's inputs and
     * labels is split along axis 0.
     *
     * @param batch the micro-batch, on the first device
     * @param lossFunction the loss of predictions against labels; must be a mean over the
     *     examples (each shard's loss is weighted by its share of the batch)
     * @return what happened; the loss is the weighted sum of the shards' losses
     */
    public StepResult step(Batch batch, BatchLoss lossFunction) {
        if (replicas.size() == 1) {
            return step(forward -> lossFunction.loss(forward.apply(batch.inputs()), batch.labels()));
        }
        return timed(() -> dataParallelStep(batch, lossFunction));
    }

    private StepResult dataParallelStep(Batch batch, BatchLoss lossFunction) {
        double lossValue = 0;
        inStep = true;
        try (NDScope scope = new NDScope();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            List<Batch> shards = BatchShards.split(batch, replicas.size());
            long examples = BatchShards.size(batch);
            List<NDArray> losses = new ArrayList<>(shards.size());
            for (int r = 0; r < shards.size(); r++) {
                Batch shard = BatchShards.toDevice(shards.get(r), replicas.device(r));
                NDList predictions = model.forward(replicas.store(r), shard.inputs(), true);
                double share = (double) BatchShards.size(shard) / examples;
                NDArray loss = ScalarOps.mul(lossFunction.loss(predictions, shard.labels()), share);
                lossValue += Gradients.scalar(loss);
                losses.add(loss);
            }
            if (Double.isFinite(lossValue)) {
                for (NDArray loss : losses) {
                    collector.backward(accumulationSteps > 1 ? ScalarOps.div(loss, accumulationSteps) : loss);
                }
                finiteInWindow++;
            } else {
                onNonFinite("loss", lossValue);
            }
        } finally {
            inStep = false;
        }
        return endMicroBatch(lossValue);
    }

    private StepResult endMicroBatch(double lossValue) {
        boolean lossSkipped = !Double.isFinite(lossValue);
        pendingMicroBatches++;
        if (pendingMicroBatches < accumulationSteps) {
            return new StepResult(lossValue, Double.NaN, false, lossSkipped);
        }
        pendingMicroBatches = 0;
        if (finiteInWindow == 0) {
            return new StepResult(lossValue, Double.NaN, false, true);
        }
        finiteInWindow = 0;
        return applyUpdate(lossValue, lossSkipped);
    }

    private StepResult applyUpdate(double lossValue, boolean lossSkipped) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            if (replicas.size() > 1) {
                replicas.reduceGradients();
            }
            Map<String, NDArray> weights = new LinkedHashMap<>();
            Map<String, NDArray> gradients = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : trainable.entrySet()) {
                NDArray weight = e.getValue().getArray();
                weights.put(e.getKey(), weight);
                gradients.put(e.getKey(), weight.getGradient());
            }
            double norm = GradientNorm.of(gradients.values());
            if (!Double.isFinite(norm)) {
                onNonFinite("gradient norm", norm);
                Gradients.zero(gradients.values(), false);
                replicas.zeroReplicaGradients(false);
                return new StepResult(lossValue, norm, false, true);
            }
            if (gradClipNorm > 0) {
                // torch.nn.utils.clip_grad_norm_: scale by max_norm / (norm + 1e-6), clamped to 1.
                double coefficient = gradClipNorm / (norm + 1e-6);
                if (coefficient < 1) {
                    for (NDArray g : gradients.values()) {
                        ScalarOps.muli(g, coefficient);
                    }
                }
            }
            optimizer.step(weights, gradients, learningRate());
            updates++;
            Gradients.zero(gradients.values(), true);
            replicas.zeroReplicaGradients(true);
            replicas.copyTrainableToReplicas();
            return new StepResult(lossValue, norm, true, lossSkipped);
        }
    }

    private void onNonFinite(String what, double value) {
        skippedSteps++;
        if (!skipNonFinite) {
            throw new IllegalStateException(
                    "Non-finite "
                            + what
                            + " ("
                            + value
                            + ") at update "
                            + updates
                            + "; set trainer.skip_non_finite: true to skip such steps");
        }
        LOG.warn("Skipping a step at update {}: non-finite {} ({})", updates, what, value);
    }

    @Override
    public NDList predict(NDList inputs) {
        NDList out = model.forward(replicas.store(0), inputs, false);
        if (!inStep) {
            return out;
        }
        // Called from inside a loss function: keep targets out of the gradient graph.
        NDList detached = new NDList(out.size());
        for (NDArray a : out) {
            detached.add(a.stopGradient());
        }
        return detached;
    }

    @Override
    public long updates() {
        return updates;
    }

    @Override
    public double learningRate() {
        return learningRateAt(updates);
    }

    /**
     * The learning rate of the update with 0-based index {@code update}.
     *
     * @param update the update index
     * @return the base rate times the schedule's multiplier
     */
    public double learningRateAt(long update) {
        return optimizer.baseLearningRate() * schedule.multiplier(update);
    }

    /**
     * Restarts the engine's RNG (dropout, random initialisation) from (run seed, {@code
     * position}), so that what is drawn afterwards depends only on the seed and the position.
     *
     * @param position e.g. the step of the checkpoint just written or restored
     */
    public void reseedEngine(long position) {
        Engine.getInstance().setRandomSeed(Seeds.engineSeed(seed, position));
    }

    /**
     * Steps skipped so far for a non-finite loss or gradient.
     *
     * @return the count
     */
    public long skippedSteps() {
        return skippedSteps;
    }

    /**
     * The model this learner trains.
     *
     * @return the model
     */
    public Block model() {
        return model;
    }

    /**
     * The device the model lives on (the first training device).
     *
     * @return the device
     */
    public Device device() {
        return device;
    }

    /**
     * The training devices; more than one means data-parallel {@link #step(Batch, BatchLoss)}.
     *
     * @return a copy of the devices, the model's first
     */
    public Device[] devices() {
        Device[] out = new Device[replicas.size()];
        for (int r = 0; r < out.length; r++) {
            out[r] = replicas.device(r);
        }
        return out;
    }

    /** The per-device parameter replicas, for tests in this package. */
    ParameterReplicas replicas() {
        return replicas;
    }

    /**
     * The parameters the optimizer updates (not frozen), by {@link ModuleTree} name.
     *
     * @return name to parameter, in model order
     */
    public Map<String, Parameter> trainableParameters() {
        return trainable;
    }

    /**
     * The optimizer, for inspection.
     *
     * @return the optimizer
     */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * What a checkpoint must hold for this learner to continue exactly: {@code optimizer} (its
     * moments and step count) and {@code learner} (update count, which fixes the schedule
     * position, and the count of skipped steps).
     *
     * @return named state parts
     */
    public Map<String, Stateful> state() {
        Map<String, Stateful> parts = new LinkedHashMap<>();
        parts.put("optimizer", optimizer);
        parts.put("learner", new CounterState());
        return parts;
    }

    /** Frees the optimizer state and the other devices' parameter replicas. */
    @Override
    public void close() {
        optimizer.close();
        replicas.close();
    }

    /** The loss of a (shard of a) batch, e.g. {@code task::loss} of a supervised task. */
    @FunctionalInterface
    public interface BatchLoss {
        /**
         * The scalar loss, a mean over the examples.
         *
         * @param predictions the model's training-mode output
         * @param labels the labels of the same examples
         * @return the loss
         */
        NDArray loss(NDList predictions, NDList labels);
    }

    /**
     * Update count, skipped steps and, in the middle of an accumulation window, the window's
     * micro-batch counts and partial gradients: a run resumed from a checkpoint taken inside a
     * window finishes that window with the same gradient sum as the uninterrupted run.
     */
    private final class CounterState implements Stateful {
        @Override
        public void save(OutputStream out) throws IOException {
            DataOutputStream data = new DataOutputStream(out);
            StateFormat.writeHeader(data, STATE_MAGIC, STATE_VERSION);
            data.writeLong(seed);
            data.writeLong(updates);
            data.writeLong(skippedSteps);
            data.writeInt(pendingMicroBatches);
            data.writeInt(finiteInWindow);
            if (pendingMicroBatches > 0) {
                PartialGradients.write(data, replicaArrays());
            }
            data.flush();
        }

        @Override
        public void load(InputStream in) throws IOException {
            DataInputStream data = new DataInputStream(in);
            int version = StateFormat.readHeader(data, STATE_MAGIC, 1, STATE_VERSION);
            StateFormat.checkSeed(data.readLong(), seed);
            updates = data.readLong();
            skippedSteps = data.readLong();
            pendingMicroBatches = version >= 2 ? data.readInt() : 0;
            finiteInWindow = version >= 2 ? data.readInt() : 0;
            if (pendingMicroBatches >= accumulationSteps) {
                throw new IOException(
                        "The learner state is "
                                + pendingMicroBatches
                                + " micro-batches into an accumulation window but trainer.accumulation_steps is "
                                + accumulationSteps);
            }
            // The parameters were restored into the model's arrays just before this part.
            replicas.refreshCopies();
            if (pendingMicroBatches > 0) {
                PartialGradients.read(data, replicaArrays());
            } else {
                PartialGradients.clear(replicaArrays());
            }
        }
    }

    private List<Map<String, NDArray>> replicaArrays() {
        List<Map<String, NDArray>> out = new ArrayList<>();
        for (int r = 0; r < replicas.size(); r++) {
            out.add(replicas.trainableArrays(r));
        }
        return out;
    }

    /** Builds a {@link DefaultLearner}: {@code setX} are required, {@code optX} optional. */
    public static final class Builder {
        private Block model;
        private Optimizer optimizer;
        private LrSchedule schedule = ScheduleConfig.constant().newSchedule(0);
        private double gradClipNorm;
        private int accumulationSteps = 1;
        private boolean skipNonFinite = true;
        private long seed;
        private boolean seedSet;
        private Device[] devices = {Device.cpu()};

        private Builder() {}

        /**
         * The model: initialized, with frozen parameters marked so.
         *
         * @param model the model's top block
         * @return this builder
         */
        public Builder setModel(Block model) {
            this.model = model;
            return this;
        }

        /**
         * The optimizer.
         *
         * @param optimizer e.g. {@code AdamWConfig.defaults().newOptimizer(manager)}
         * @return this builder
         */
        public Builder setOptimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /**
         * The run seed, from which {@link DefaultLearner#reseedEngine} derives engine seeds.
         *
         * @param seed the run seed
         * @return this builder
         */
        public Builder setSeed(long seed) {
            this.seed = seed;
            this.seedSet = true;
            return this;
        }

        /**
         * The learning-rate schedule; constant by default.
         *
         * @param schedule the schedule
         * @return this builder
         */
        public Builder optSchedule(LrSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /**
         * Clip gradients to this global L2 norm; 0 (default) disables clipping.
         *
         * @param norm the maximum norm
         * @return this builder
         */
        public Builder optGradClipNorm(double norm) {
            this.gradClipNorm = norm;
            return this;
        }

        /**
         * Micro-batches per optimizer update; 1 by default. Each micro-batch's loss is divided
         * by this so the accumulated gradient is the mean.
         *
         * @param steps the accumulation steps
         * @return this builder
         */
        public Builder optAccumulationSteps(int steps) {
            this.accumulationSteps = steps;
            return this;
        }

        /**
         * Whether a non-finite loss or gradient skips the step (default) or fails the run.
         *
         * @param skip true to skip and log
         * @return this builder
         */
        public Builder optSkipNonFinite(boolean skip) {
            this.skipNonFinite = skip;
            return this;
        }

        /**
         * The devices of the run; the model must already live on the first. With more than
         * one, {@link DefaultLearner#step(Batch, BatchLoss)} trains data parallel. A device may
         * be listed twice (replicas on the same device: how data parallelism is tested on CPU).
         *
         * @param devices from {@link Devices#resolve}
         * @return this builder
         */
        public Builder optDevices(Device... devices) {
            this.devices = devices.clone();
            return this;
        }

        /**
         * Validates the settings and builds the learner.
         *
         * @return the learner
         */
        public DefaultLearner build() {
            if (model == null) {
                throw new IllegalArgumentException("DefaultLearner needs setModel");
            }
            if (optimizer == null) {
                throw new IllegalArgumentException("DefaultLearner needs setOptimizer");
            }
            if (!seedSet) {
                throw new IllegalArgumentException("DefaultLearner needs setSeed (the run seed)");
            }
            if (schedule == null) {
                throw new IllegalArgumentException("DefaultLearner schedule must not be null");
            }
            if (!(gradClipNorm >= 0)) {
                throw new IllegalArgumentException("grad clip norm must be >= 0, got " + gradClipNorm);
            }
            if (accumulationSteps < 1) {
                throw new IllegalArgumentException("accumulation steps must be >= 1, got " + accumulationSteps);
            }
            if (devices.length == 0) {
                throw new IllegalArgumentException("DefaultLearner needs at least one device");
            }
            return new DefaultLearner(this);
        }
    }
}
