package dev.lorakit.host.run;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lorakit.api.MainMetric;
import dev.lorakit.api.PluginApi;
import dev.lorakit.api.ReinforcementTask;
import dev.lorakit.api.SupervisedTask;
import dev.lorakit.api.Task;
import dev.lorakit.api.TaskConfig;
import dev.lorakit.api.TaskPlugin;
import dev.lorakit.host.AtomicFiles;
import dev.lorakit.host.config.ConfigException;
import dev.lorakit.host.config.ExperimentSpec;
import dev.lorakit.host.config.ResolvedConfig;
import dev.lorakit.host.interim.InterimSupervisedTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Runs one config-selected experiment and writes its run directory: {@code
 * config.resolved.yaml}, {@code metrics.jsonl}, {@code summary.json} and {@code report.html}.
 *
 * <pre>{@code
 * ResolvedConfig config = ExperimentConfigs.load(file, overrides, plugins);
 * RunResult result = ExperimentRunner.builder().setConfig(config).optRunsRoot(Path.of("runs")).build().run();
 * System.out.println(result.runDirectory() + ": " + result.summary().bestValue());
 * }</pre>
 */
public final class ExperimentRunner {

    private final ResolvedConfig config;
    private final Path runsRoot;
    private final Path runDirectory;

    private ExperimentRunner(Builder b) {
        this.config = b.config;
        this.runsRoot = b.runsRoot;
        this.runDirectory = b.runDirectory;
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
     * Runs the experiment.
     *
     * @return the run directory and summary
     * @throws Exception when the task cannot be built or training fails; the run directory then
     *     holds what was written so far
     */
    public RunResult run() throws Exception {
        ExperimentSpec spec = config.spec();
        Instant started = Instant.now();
        Path dir = runDirectory != null ? runDirectory : uniqueRunDirectory(started);
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve(RunFiles.RESOLVED_CONFIG), config.toYaml());
        checkSupported(spec);
        Path configDir = config.file().toAbsolutePath().getParent();
        // Parameter initialisation and dropout draw from the engine's generator.
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) (spec.seed() ^ (spec.seed() >>> 32)));
        ai.djl.util.RandomUtils.RANDOM.setSeed(spec.seed());
        long steps;
        long[] params;
        MainMetric main;
        try (HostExperimentContext context = new HostExperimentContext(dir, spec.seed(), configDir);
                MetricsJournal journal = new MetricsJournal(dir.resolve(RunFiles.METRICS));
                Task task = createTask(context);
                Model model = Model.newInstance(spec.plugin(), context.devices()[0])) {
            main = task.mainMetric();
            model.setBlock(task.model());
            if (task instanceof SupervisedTask supervised) {
                steps = InterimSupervisedTrainer.train(supervised, model, spec.trainer(), context, journal::log);
            } else if (task instanceof ReinforcementTask) {
                throw new UnsupportedOperationException("plugin \"" + spec.plugin() + "\" is a reinforcement-learning "
                        + "task; running it needs the shared RlRuntime of framework/train, which this build lacks");
            } else {
                throw new IllegalStateException("plugin \"" + spec.plugin() + "\" returned a "
                        + task.getClass().getName() + ", neither a SupervisedTask nor a ReinforcementTask");
            }
            params = countParameters(model.getBlock());
        }
        RunSummary summary = summarize(dir, spec, main, started, steps, params);
        ReportWriter.write(dir);
        return new RunResult(dir, summary);
    }

    private static void checkSupported(ExperimentSpec spec) {
        if (spec.lora().enabled()) {
            throw new ConfigException("lora.enabled: LoRA injection is not in this build yet (framework/lora); "
                    + "run with --set lora.enabled=false for full fine-tuning");
        }
        if (spec.initFrom() != null) {
            throw new ConfigException("init_from: loading base weights needs the checkpoint store of framework/train, "
                    + "which this build lacks");
        }
    }

    @SuppressWarnings("unchecked")
    private Task createTask(HostExperimentContext context) throws Exception {
        TaskPlugin<TaskConfig> plugin = (TaskPlugin<TaskConfig>) config.plugin().plugin();
        return plugin.createTask(config.spec().task(), context);
    }

    private RunSummary summarize(Path dir, ExperimentSpec spec, MainMetric main, Instant started, long steps,
            long[] params) throws IOException {
        RunSummary.Best best = RunSummary.best(MetricsJournal.read(dir.resolve(RunFiles.METRICS)), main.name(),
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
                best.bestMetrics());
        AtomicFiles.write(dir.resolve(RunFiles.SUMMARY), MetricsJournal.JSON.copy()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(summary));
        return summary;
    }

    /** Trainable and total parameter counts. */
    private static long[] countParameters(Block block) {
        long trainable = 0;
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
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
         * Builds the runner.
         *
         * @return the runner
         * @throws IllegalStateException when no config is set
         */
        public ExperimentRunner build() {
            if (config == null) {
                throw new IllegalStateException("setConfig is required");
            }
            return new ExperimentRunner(this);
        }
    }
}
