package dev.lorakit.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.lorakit.train.checkpoint.CheckpointStore;
import dev.lorakit.train.metrics.JsonlMetricsWriter;
import dev.lorakit.train.metrics.MetricsListener;
import dev.lorakit.train.optim.AdamWConfig;
import dev.lorakit.train.optim.ScheduleConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A complete supervised run of {@link SpiralTask} into a run directory ({@code metrics.jsonl},
 * {@code checkpoints/}, {@code final.safetensors}-like parameter dump {@code final.params}),
 * resuming from its newest valid checkpoint. The SIGKILL integration test launches this as a
 * subprocess; in-process tests call {@link #run}.
 */
public final class SpiralTrainingMain {

    static final long MAX_STEPS = 24;

    /** System property: pause the run for good once this step is logged (see {@link #pausedLine}). */
    static final String PAUSE_AFTER_STEP_PROPERTY = "lorakit.test.pauseAfterStep";

    private SpiralTrainingMain() {}

    /** The trainer config of these runs: AdamW, cosine with warm-up, clipping, accumulation. */
    static TrainerConfig trainerConfig(long maxSteps) {
        return TrainerConfig.of(
                AdamWConfig.of(0.01, null, null, 0.01),
                ScheduleConfig.of(ScheduleConfig.Type.COSINE, 3),
                1.0,
                2,
                16,
                maxSteps,
                0,
                4,
                1,
                EarlyStoppingConfig.of("eval/loss", null, 50, null),
                "cpu",
                true);
    }

    /**
     * Trains (or resumes) a spiral run.
     *
     * @param runDir the run directory
     * @param seed the run seed
     * @param maxSteps the update budget
     * @param extra extra listeners (tests use them to interrupt a run)
     * @return the result
     */
    static TrainingResult run(Path runDir, long seed, long maxSteps, List<MetricsListener> extra) throws Exception {
        return run(runDir, seed, trainerConfig(maxSteps), Devices.resolve("cpu"), 0.1f, extra);
    }

    /**
     * Trains (or resumes) a spiral run with the given trainer config on the given devices.
     *
     * @param runDir the run directory
     * @param seed the run seed
     * @param config the trainer config
     * @param devices the training devices (the same device twice trains data parallel on it)
     * @param dropout the model's dropout rate
     * @param extra extra listeners
     * @return the result
     */
    static TrainingResult run(
            Path runDir, long seed, TrainerConfig config, ai.djl.Device[] devices, float dropout, List<MetricsListener> extra)
            throws Exception {
        return run(runDir, seed, config, devices, dropout, extra, new StopRequest());
    }

    /**
     * Trains (or resumes) a spiral run that {@code stop} may interrupt.
     *
     * @param runDir the run directory
     * @param seed the run seed
     * @param config the trainer config
     * @param devices the training devices
     * @param dropout the model's dropout rate
     * @param extra extra listeners
     * @param stop the run's stop request
     * @return the result
     */
    static TrainingResult run(Path runDir, long seed, TrainerConfig config, ai.djl.Device[] devices, float dropout,
            List<MetricsListener> extra, StopRequest stop) throws Exception {
        long maxSteps = config.maxSteps();
        CheckpointConfig checkpointConfig = CheckpointConfig.of(5, 2, 1, "eval/accuracy", false);
        SpiralTask task = new SpiralTask(seed, 240, dropout);
        try (NDManager manager = NDManager.newBaseManager(devices[0])) {
            Block model = task.initialize(manager, seed);
            try (DefaultLearner learner = DefaultLearner.fromConfig(
                    config, model, devices, config.totalUpdates(task.trainData().size()), seed)) {
                CheckpointStore store = CheckpointStore.builder()
                        .setDirectory(runDir.resolve("checkpoints"))
                        .optKeepLast(checkpointConfig.keepLast())
                        .optKeepBest(checkpointConfig.keepBest())
                        .optBestMetric(task.mainMetric())
                        .build();
                SupervisedTrainer.Builder builder = SupervisedTrainer.builder()
                        .setTask(task)
                        .setLearner(learner)
                        .setConfig(config)
                        .setSeed(seed)
                        .optCheckpoints(store, checkpointConfig)
                        .optResolvedConfig("seed: " + seed + "\ntrainer: {max_steps: " + maxSteps + "}\n")
                        .optListener(JsonlMetricsWriter.open(runDir.resolve("metrics.jsonl")))
                        .optStop(stop);
                extra.forEach(builder::optListener);
                TrainingResult result = builder.build().fit();
                ParameterDump.write(model, runDir.resolve("final.params"));
                return result;
            }
        }
    }

    /**
     * Runs {@code SpiralTrainingMain RUN_DIR SEED}.
     *
     * @param args run directory and seed
     * @throws Exception when the run fails
     */
    public static void main(String[] args) throws Exception {
        Path runDir = Path.of(args[0]);
        Files.createDirectories(runDir);
        Long pauseAfter = Long.getLong(PAUSE_AFTER_STEP_PROPERTY);
        run(runDir, Long.parseLong(args[1]), MAX_STEPS, pauseAfter == null ? List.of() : List.of(pauseAfter(pauseAfter)));
        System.err.println("lorakit-test: run finished");
    }

    /**
     * The line {@link #PAUSE_AFTER_STEP_PROPERTY} prints once the run has logged that step.
     *
     * @param step the step
     * @return the line
     */
    static String pausedLine(long step) {
        return "lorakit-test: paused after step " + step;
    }

    /**
     * Stops the training thread once {@code step} is logged, so that a test kills the process at
     * that step however slow the machine is; without a kill it gives up after ten minutes.
     */
    private static MetricsListener pauseAfter(long step) {
        return (s, metrics) -> {
            if (s >= step) {
                System.err.println(pausedLine(step));
                System.err.flush();
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(3);
            }
        };
    }
}
