package dev.lorakit.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lorakit.train.optim.AdamWConfig;
import dev.lorakit.train.optim.OptimizerConfig;
import dev.lorakit.train.optim.ScheduleConfig;

/**
 * The {@code trainer:} section of an experiment config. Every key has a default, so a config
 * may omit the section; unknown keys are errors (the host's mapper fails on unknown
 * properties).
 *
 * <pre>{@code
 * trainer:
 *   optimizer: {type: adamw, lr: 2.0e-4, weight_decay: 0.01}
 *   schedule: {type: linear, warmup_steps: 50}
 *   batch_size: 32
 *   accumulation_steps: 2
 *   grad_clip_norm: 1.0
 *   epochs: 3            # or max_steps: 1000 (optimizer updates); the first reached ends the run
 *   eval_every: 100
 *   log_every: 10
 *   early_stopping: {metric: eval/accuracy, patience: 3}
 *   devices: auto        # auto | cpu | gpu | gpu:0,gpu:1
 *   skip_non_finite: true
 * }</pre>
 *
 * @param optimizer the optimizer and its base learning rate
 * @param schedule the learning-rate schedule
 * @param gradClipNorm clip gradients to this global L2 norm; 0 disables clipping
 * @param accumulationSteps micro-batches per optimizer update, >= 1
 * @param batchSize examples per micro-batch, >= 1
 * @param maxSteps optimizer updates after which the run ends; 0 means no limit
 * @param epochs passes over the training data after which the run ends; 0 means no limit
 * @param evalEvery evaluate every this many updates; 0 only at the end
 * @param logEvery log training metrics every this many updates, >= 1
 * @param earlyStopping when to stop early, or null to never
 * @param devices {@code auto}, {@code cpu}, {@code gpu} or a list such as {@code gpu:0,gpu:1}
 * @param skipNonFinite skip (and log) an update whose loss or gradient is NaN or infinite,
 *     instead of failing the run
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record TrainerConfig(
        OptimizerConfig optimizer,
        ScheduleConfig schedule,
        double gradClipNorm,
        int accumulationSteps,
        int batchSize,
        long maxSteps,
        int epochs,
        int evalEvery,
        int logEvery,
        EarlyStoppingConfig earlyStopping,
        String devices,
        boolean skipNonFinite) {

    /**
     * Validates every value, naming its key.
     *
     * @param optimizer optimizer
     * @param schedule schedule
     * @param gradClipNorm clip norm
     * @param accumulationSteps accumulation
     * @param batchSize batch size
     * @param maxSteps update limit
     * @param epochs epoch limit
     * @param evalEvery evaluation interval
     * @param logEvery logging interval
     * @param earlyStopping early stopping or null
     * @param devices device spec
     * @param skipNonFinite non-finite guard
     */
    public TrainerConfig {
        if (optimizer == null) {
            throw new IllegalArgumentException("trainer.optimizer must not be null");
        }
        if (schedule == null) {
            throw new IllegalArgumentException("trainer.schedule must not be null");
        }
        if (!(gradClipNorm >= 0) || Double.isInfinite(gradClipNorm)) {
            throw new IllegalArgumentException(
                    "trainer.grad_clip_norm must be >= 0 (0 disables clipping), got " + gradClipNorm);
        }
        requireAtLeast("trainer.accumulation_steps", accumulationSteps, 1);
        requireAtLeast("trainer.batch_size", batchSize, 1);
        requireAtLeast("trainer.max_steps", maxSteps, 0);
        requireAtLeast("trainer.epochs", epochs, 0);
        if (maxSteps == 0 && epochs == 0) {
            throw new IllegalArgumentException(
                    "trainer.max_steps and trainer.epochs are both 0: set at least one to bound the run");
        }
        requireAtLeast("trainer.eval_every", evalEvery, 0);
        requireAtLeast("trainer.log_every", logEvery, 1);
        Devices.parse(devices == null ? "auto" : devices);
        if (devices == null) {
            devices = "auto";
        }
    }

    /**
     * Binds the YAML keys, filling defaults for omitted ones: AdamW (lr 1e-3), constant
     * schedule, no clipping, no accumulation, batch size 32, 1 epoch, evaluation only at the
     * end, logging every 10 updates, no early stopping, devices {@code auto}, non-finite steps
     * skipped.
     *
     * @param optimizer {@code optimizer}
     * @param schedule {@code schedule}
     * @param gradClipNorm {@code grad_clip_norm}
     * @param accumulationSteps {@code accumulation_steps}
     * @param batchSize {@code batch_size}
     * @param maxSteps {@code max_steps}
     * @param epochs {@code epochs}
     * @param evalEvery {@code eval_every}
     * @param logEvery {@code log_every}
     * @param earlyStopping {@code early_stopping}
     * @param devices {@code devices}
     * @param skipNonFinite {@code skip_non_finite}
     * @return the config
     */
    @JsonCreator
    public static TrainerConfig of(
            @JsonProperty("optimizer") OptimizerConfig optimizer,
            @JsonProperty("schedule") ScheduleConfig schedule,
            @JsonProperty("grad_clip_norm") Double gradClipNorm,
            @JsonProperty("accumulation_steps") Integer accumulationSteps,
            @JsonProperty("batch_size") Integer batchSize,
            @JsonProperty("max_steps") Long maxSteps,
            @JsonProperty("epochs") Integer epochs,
            @JsonProperty("eval_every") Integer evalEvery,
            @JsonProperty("log_every") Integer logEvery,
            @JsonProperty("early_stopping") EarlyStoppingConfig earlyStopping,
            @JsonProperty("devices") String devices,
            @JsonProperty("skip_non_finite") Boolean skipNonFinite) {
        long steps = maxSteps == null ? 0 : maxSteps;
        return new TrainerConfig(
                optimizer == null ? AdamWConfig.defaults() : optimizer,
                schedule == null ? ScheduleConfig.constant() : schedule,
                gradClipNorm == null ? 0.0 : gradClipNorm,
                accumulationSteps == null ? 1 : accumulationSteps,
                batchSize == null ? 32 : batchSize,
                steps,
                epochs == null ? (steps > 0 ? 0 : 1) : epochs,
                evalEvery == null ? 0 : evalEvery,
                logEvery == null ? 10 : logEvery,
                earlyStopping,
                devices,
                skipNonFinite == null || skipNonFinite);
    }

    /**
     * All defaults, as for a config without a {@code trainer:} section.
     *
     * @return the default config
     */
    public static TrainerConfig defaults() {
        return of(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * The optimizer updates the run will make over {@code trainSize} examples: the smaller of
     * {@code max_steps} and {@code epochs} × updates per epoch (the last, partial batch of an
     * epoch counts; a partial accumulation window at the end of an epoch carries over).
     *
     * @param trainSize number of training examples
     * @return total updates, used by linear and cosine schedules
     */
    public long totalUpdates(int trainSize) {
        long byEpochs = Long.MAX_VALUE;
        if (epochs > 0) {
            long batchesPerEpoch = (trainSize + (long) batchSize - 1) / batchSize;
            byEpochs = batchesPerEpoch * epochs / accumulationSteps;
        }
        long bySteps = maxSteps > 0 ? maxSteps : Long.MAX_VALUE;
        return Math.min(byEpochs, bySteps);
    }

    private static void requireAtLeast(String key, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be >= " + min + ", got " + value);
        }
    }

    @JsonProperty("grad_clip_norm")
    @Override
    public double gradClipNorm() {
        return gradClipNorm;
    }

    @JsonProperty("accumulation_steps")
    @Override
    public int accumulationSteps() {
        return accumulationSteps;
    }

    @JsonProperty("batch_size")
    @Override
    public int batchSize() {
        return batchSize;
    }

    @JsonProperty("max_steps")
    @Override
    public long maxSteps() {
        return maxSteps;
    }

    @JsonProperty("eval_every")
    @Override
    public int evalEvery() {
        return evalEvery;
    }

    @JsonProperty("log_every")
    @Override
    public int logEvery() {
        return logEvery;
    }

    @JsonProperty("early_stopping")
    @Override
    public EarlyStoppingConfig earlyStopping() {
        return earlyStopping;
    }

    @JsonProperty("skip_non_finite")
    @Override
    public boolean skipNonFinite() {
        return skipNonFinite;
    }
}
