package dev.lorakit.host.run;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lorakit.api.MainMetric;
import dev.lorakit.api.PluginApi;
import dev.lorakit.api.ReinforcementTask;
import dev.lorakit.api.Seeds;
import dev.lorakit.api.SupervisedTask;
import dev.lorakit.api.Task;
import dev.lorakit.api.TaskConfig;
import dev.lorakit.api.TaskPlugin;
import dev.lorakit.lora.io.AtomicFiles;
import dev.lorakit.host.config.ConfigException;
import dev.lorakit.host.config.ExperimentConfigs;
import dev.lorakit.host.config.ExperimentSpec;
import dev.lorakit.host.config.ResolvedConfig;
import dev.lorakit.host.plugin.PluginRegistry;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.peft.PeftMetadata;
import dev.lorakit.train.DefaultLearner;
import dev.lorakit.train.DefaultRlRuntime;
import dev.lorakit.train.Devices;
import dev.lorakit.train.StopRequest;
import dev.lorakit.train.SupervisedTrainer;
import dev.lorakit.train.TrainingResult;
import dev.lorakit.train.checkpoint.CheckpointStore;
import dev.lorakit.train.checkpoint.RunExports;
import dev.lorakit.train.metrics.ConsoleProgress;
import dev.lorakit.train.metrics.JsonlMetricsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Runs one config-selected experiment and writes its run directory: {@code
 * config.resolved.yaml}, {@code metrics.jsonl}, {@code checkpoints/}, {@code adapter/} (PEFT
 * format, LoRA runs), {@code merged/} (with {@code export.merged}), {@code summary.json} and
 * {@code report.html}.
 *
 * <pre>{@code
 * ResolvedConfig config = ExperimentConfigs.load(file, overrides, plugins);
 * RunResult result = ExperimentRunner.builder().setConfig(config).optRunsRoot(Path.of("runs")).build().run();
 * System.out.println(result.runDirectory() + ": " + result.summary().bestValue());
 * }</pre>
 *
 * <p>The order is the task lifecycle of {@link Task}: build the task, initialise its model,
 * load {@code init_from} weights, inject LoRA (or train everything), {@link Task#onModelReady},
 * then the shared trainer ({@link SupervisedTrainer}) or the shared RL runtime ({@link
 * DefaultRlRuntime}), both resuming from the newest valid checkpoint of the run directory.
 */
public final class ExperimentRunner {

    /** First line of {@code config.resolved.yaml}, naming the config file relative paths resolve against. */
    static final String SOURCE_HEADER = "# lorakit config: ";

    private final ResolvedConfig config;
    private final Path runsRoot;
    private final Path runDirectory;
    private final boolean resume;
    private final boolean progress;
    private final StopRequest stop;

    private ExperimentRunner(Builder b) {
        this.config = b.config;
        this.runsRoot = b.runsRoot;
        this.runDirectory = b.runDirectory;
        this.resume = b.resume;
        this.progress = b.progress;
        this.stop = b.stop;
    }

    /**
     * A builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The outcome of a run.
     *
     * @param runDirectory where everything was written
     * @param summary what {@code summary.json} holds
     */
    public record RunResult(Path runDirectory, RunSummary summary) {}

    /**
     * Runs (or, with {@link Builder#optResume}, continues) the experiment.
     *
     * @return the run directory and summary ({@link RunSummary#interrupted()} when {@link
     *     Builder#optStop} stopped it)
     * @throws Exception when the task cannot be built or training fails; the run directory then
     *     holds what was written so far, and checkpoints to resume from
     */
    public RunResult run() throws Exception {
        ExperimentSpec spec = config.spec();
        Instant started = Instant.now();
        Path dir = runDirectory != null ? runDirectory : uniqueRunDirectory(started);
        if (!resume && Files.exists(dir.resolve(RunFiles.RESOLVED_CONFIG))) {
            throw new ConfigException(dir + " already holds a run; continue it with `lorakit resume " + dir
                    + "` or choose another --run-dir");
        }
        Files.createDirectories(dir);
        String resolvedYaml = config.toYaml();
        if (!resume) {
            AtomicFiles.writeString(dir.resolve(RunFiles.RESOLVED_CONFIG),
                    SOURCE_HEADER + config.file().toAbsolutePath().normalize() + "\n" + resolvedYaml);
        }
        Seeds.seedEngine(spec.seed());
        Device[] devices = Devices.resolve(spec.trainer().devices());
        Path configDir = config.file().toAbsolutePath().getParent();
        long steps;
        long[] params;
        MainMetric main;
        boolean interrupted;
        // Closed in reverse: the task first, while the model's arrays still exist, so that
        // Task.close() can export the trained weights.
        try (HostExperimentContext context = new HostExperimentContext(dir, spec.seed(), configDir, devices);
                Model model = Model.newInstance(spec.plugin(), devices[0]);
                Task task = createTask(context)) {
            main = task.mainMetric();
            Block block = task.model();
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, task.inputShapes());
            if (spec.initFrom() != null) {
                InitFrom.load(spec.initFrom(), context::resolve, block, model.getNDManager());
            }
            LoraModel lora = spec.lora().enabled()
                    ? LoraModel.builder().setBlock(block).setConfig(spec.lora().config())
                            .optSeed(Seeds.derive(spec.seed(), "lora")).build()
                    : null;
            task.onModelReady(block);
            params = countParameters(block);
            // fromConfig gives a best_metric other than the main metric its own direction.
            CheckpointStore store = CheckpointStore.fromConfig(spec.checkpoint(), dir.resolve(RunFiles.CHECKPOINTS), main);
            JsonlMetricsWriter metrics = JsonlMetricsWriter.open(dir.resolve(RunFiles.METRICS));
            ConsoleProgress bar = new ConsoleProgress(config.name(), progress && System.console() != null);
            if (task instanceof SupervisedTask supervised) {
                long total = spec.trainer().totalUpdates(supervised.trainData().size());
                try (DefaultLearner learner =
                        DefaultLearner.fromConfig(spec.trainer(), block, devices, total, spec.seed())) {
                    TrainingResult result = SupervisedTrainer.builder()
                            .setTask(supervised)
                            .setLearner(learner)
                            .setConfig(spec.trainer())
                            .setSeed(spec.seed())
                            .optCheckpoints(store, spec.checkpoint())
                            .optResolvedConfig(resolvedYaml)
                            .optListener(metrics)
                            .optListener(bar)
                            .optResume(resume)
                            .optStop(stop)
                            .build()
                            .fit();
                    steps = result.steps();
                    interrupted = result.interrupted();
                }
            } else if (task instanceof ReinforcementTask rl) {
                long total = spec.trainer().maxSteps();
                try (DefaultLearner learner =
                                DefaultLearner.fromConfig(spec.trainer(), block, devices, total, spec.seed());
                        DefaultRlRuntime runtime = DefaultRlRuntime.builder()
                                .setLearner(learner)
                                .setTask(rl)
                                .optCheckpoints(store, spec.checkpoint())
                                .optEarlyStopping(spec.trainer().earlyStopping())
                                .optResolvedConfig(resolvedYaml)
                                .optListener(metrics)
                                .optListener(bar)
                                .optResume(resume)
                                .optStop(stop)
                                .build()) {
                    runtime.run();
                    steps = learner.updates();
                    interrupted = runtime.interrupted();
                }
            } else {
                throw new IllegalStateException("plugin \"" + spec.plugin() + "\" returned a "
                        + task.getClass().getName() + ", neither a SupervisedTask nor a ReinforcementTask");
            }
            // An interrupted run exports nothing: adapter/ and merged/ mean "the trained result",
            // and the resumed run writes them when it reaches its budget.
            if (lora != null && !interrupted) {
                RunExports.peftAdapter(lora, dir, new PeftMetadata(spec.plugin(), null));
            }
            if (spec.export().merged() && !interrupted) {
                // Last: merging unloads the adapters.
                MergedExport.write(block, lora, spec, config.plugin().descriptor().version(), dir, steps);
            }
        }
        RunSummary summary = summarize(dir, spec, main, started, steps, params, interrupted ? stop.reason() : null);
        ReportWriter.write(dir);
        return new RunResult(dir, summary);
    }

    /**
     * The config of an existing run, for {@code lorakit resume}: its {@code config.resolved.yaml},
     * with relative paths resolving against the original config file's directory.
     *
     * @param runDirectory the run directory
     * @param plugins the loaded plugins
     * @return the config, as the run used it
     * @throws ConfigException when the directory is not a run directory or its config no longer binds
     */
    public static ResolvedConfig resolvedConfigOf(Path runDirectory, PluginRegistry plugins) {
        Path file = runDirectory.resolve(RunFiles.RESOLVED_CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(runDirectory + ": not a run directory (no " + RunFiles.RESOLVED_CONFIG + ")");
        }
        Path source = file;
        try {
            String first = Files.readAllLines(file).stream().findFirst().orElse("");
            if (first.startsWith(SOURCE_HEADER)) {
                source = Path.of(first.substring(SOURCE_HEADER.length()).trim());
            }
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        ResolvedConfig read = ExperimentConfigs.bind(ExperimentConfigs.read(file), file, plugins);
        return new ResolvedConfig(source, read.spec(), read.plugin());
    }

    @SuppressWarnings("unchecked")
    private Task createTask(HostExperimentContext context) throws Exception {
        TaskPlugin<TaskConfig> plugin = (TaskPlugin<TaskConfig>) config.plugin().plugin();
        return plugin.createTask(config.spec().task(), context);
    }

    private RunSummary summarize(Path dir, ExperimentSpec spec, MainMetric main, Instant started, long steps,
            long[] params, String interruptedBy) throws IOException {
        RunSummary.Best best = RunSummary.best(MetricSeries.read(dir.resolve(RunFiles.METRICS)), main.name(),
                main.higherIsBetter());
        RunSummary summary = new RunSummary(
                config.name(),
                spec.plugin() + " " + config.plugin().descriptor().version(),
                spec.seed(),
                PluginApi.VERSION,
                Provenance.gitCommit(),
                started.toString(),
                (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0,
                steps,
                spec.lora().enabled() ? "lora" : "full",
                params[0],
                params[1],
                main.name(),
                main.higherIsBetter(),
                best.bestValue(),
                best.bestStep(),
                best.finalMetrics(),
                best.bestMetrics(),
                interruptedBy == null ? RunSummary.FINISHED : RunSummary.INTERRUPTED,
                interruptedBy);
        AtomicFiles.writeString(dir.resolve(RunFiles.SUMMARY), new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(summary));
        return summary;
    }

    /** Trainable and total parameter counts. */
    private static long[] countParameters(Block block) {
        long trainable = 0;
        long total = 0;
        for (Map.Entry<String, Parameter> p : ModuleTree.namedParameters(block).entrySet()) {
            if (!p.getValue().isInitialized()) {
                continue;
            }
            long n = p.getValue().getArray().size();
            total += n;
            if (p.getValue().requiresGradient()) {
                trainable += n;
            }
        }
        return new long[] {trainable, total};
    }

    private Path uniqueRunDirectory(Instant started) {
        Path base = RunFiles.runDirectory(runsRoot, config.name(), config.spec().plugin(), config.spec().seed(),
                LocalDateTime.ofInstant(started, ZoneOffset.UTC));
        Path dir = base;
        for (int i = 2; Files.exists(dir); i++) {
            dir = base.resolveSibling(base.getFileName() + "-" + i);
        }
        return dir;
    }

    /** Configures a run. */
    public static final class Builder {
        private ResolvedConfig config;
        private Path runsRoot = Path.of("runs");
        private Path runDirectory;
        private boolean resume;
        private boolean progress = true;
        private StopRequest stop = new StopRequest();

        private Builder() {}

        /**
         * The experiment (required).
         *
         * @param config the resolved config
         * @return this builder
         */
        public Builder setConfig(ResolvedConfig config) {
            this.config = config;
            return this;
        }

        /**
         * Where run directories are created.
         *
         * @param runsRoot defaults to {@code runs}
         * @return this builder
         */
        public Builder optRunsRoot(Path runsRoot) {
            this.runsRoot = runsRoot;
            return this;
        }

        /**
         * The exact run directory, instead of a generated name under the runs root.
         *
         * @param runDirectory the directory
         * @return this builder
         */
        public Builder optRunDirectory(Path runDirectory) {
            this.runDirectory = runDirectory;
            return this;
        }

        /**
         * Continue the run in {@link #optRunDirectory} from its newest valid checkpoint, keeping
         * its {@code config.resolved.yaml}.
         *
         * @param resume true to resume
         * @return this builder
         */
        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /**
         * Whether to show the console progress bar (only ever on a terminal).
         *
         * @param progress defaults to true
         * @return this builder
         */
        public Builder optProgress(boolean progress) {
            this.progress = progress;
            return this;
        }

        /**
         * The request (from a signal handler) that ends the run after the current step with a
         * checkpoint; the run then writes {@code summary.json} with status {@code interrupted}
         * and no {@code adapter/} or {@code merged/}, and {@code lorakit resume} continues it.
         *
         * @param stop the request the caller may make
         * @return this builder
         */
        public Builder optStop(StopRequest stop) {
            this.stop = java.util.Objects.requireNonNull(stop, "stop");
            return this;
        }

        /**
         * Builds the runner.
         *
         * @return the runner
         * @throws IllegalStateException when no config is set, or resume lacks a run directory
         */
        public ExperimentRunner build() {
            if (config == null) {
                throw new IllegalStateException("setConfig is required");
            }
            if (resume && runDirectory == null) {
                throw new IllegalStateException("optResume needs optRunDirectory");
            }
            return new ExperimentRunner(this);
        }
    }
}
