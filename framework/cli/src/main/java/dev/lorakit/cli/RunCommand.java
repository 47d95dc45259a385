package dev.lorakit.cli;

import dev.lorakit.host.config.ExperimentConfigs;
import dev.lorakit.host.config.ResolvedConfig;
import dev.lorakit.host.plugin.PluginRegistry;
import dev.lorakit.host.run.ExperimentRunner;
import dev.lorakit.host.run.RunSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lorakit run CONFIG}: one experiment, one run directory. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the experiment a config file describes and write its run directory.",
            "Ctrl-C or SIGTERM stops it after the current step with a checkpoint (exit 130 / 143; "
                    + "`lorakit resume` continues it); a second signal aborts at once."})
public final class RunCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;
    @Mixin private PluginSources plugins;
    @Mixin private ThreadsOption threads;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The experiment's YAML file, e.g. configs/cartpole-dqn.yaml.")
    private Path config;

    @Option(names = "--set", paramLabel = "KEY.PATH=VALUE",
            description = "Override a config value (YAML-typed), e.g. --set lora.r=16. Repeatable.")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Write the run here instead of runs/<config>__<plugin>__<seed>__<time>.")
    private Path runDir;

    @Option(names = "--runs-root", paramLabel = "DIR", defaultValue = "runs",
            description = "Where run directories are created (default: ${DEFAULT-VALUE}).")
    private Path runsRoot;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (PluginRegistry registry = plugins.load(spec.commandLine().getErr())) {
            ResolvedConfig resolved = ExperimentConfigs.load(config, overrides, registry);
            out.println("lorakit: " + resolved.name() + " with plugin " + resolved.plugin().id() + " "
                    + resolved.plugin().descriptor().version() + ", seed " + resolved.spec().seed());
            threads.apply(resolved.plugin().descriptor(), out);
            return runUntilDoneOrSignalled(ExperimentRunner.builder()
                    .setConfig(resolved)
                    .optRunsRoot(runsRoot)
                    .optRunDirectory(runDir), out, spec.commandLine().getErr());
        }
    }

    /**
     * Runs an experiment with {@code SIGINT}/{@code SIGTERM} handled by {@link SignalStop}, and
     * prints its result.
     *
     * @param runner the configured runner (its stop request is set here)
     * @param out the console
     * @param err where the signal handler and the interruption note go
     * @return the exit code: 0 when the run ended, 130 / 143 when SIGINT / SIGTERM stopped it
     * @throws Exception when the run fails
     */
    static int runUntilDoneOrSignalled(ExperimentRunner.Builder runner, PrintWriter out, PrintWriter err)
            throws Exception {
        try (SignalStop signals = SignalStop.install(err)) {
            ExperimentRunner.RunResult result = runner.optStop(signals.request()).build().run();
            printResult(out, result);
            if (!result.summary().interrupted()) {
                return 0;
            }
            err.println("lorakit: " + result.summary().interruptedBy() + " stopped the run at step "
                    + result.summary().steps() + " (checkpoint written); continue it with `lorakit resume "
                    + result.runDirectory() + "`");
            err.flush();
            return signals.exitCode();
        }
    }

    /**
     * Prints where a run went and how it did.
     *
     * @param out the console
     * @param result the run's result
     */
    static void printResult(PrintWriter out, ExperimentRunner.RunResult result) {
        RunSummary s = result.summary();
        out.println("run directory: " + result.runDirectory());
        out.println("best " + s.mainMetric() + ": " + (s.bestValue() == null ? "not logged" : s.bestValue())
                + (s.bestStep() == null ? "" : " at step " + s.bestStep()) + "; " + s.steps() + " steps in "
                + String.format(java.util.Locale.ROOT, "%.1f", s.wallTimeSeconds()) + " s; trainable parameters "
                + s.trainableParameters() + " of " + s.totalParameters() + " (" + s.fineTuning() + ")");
        out.flush();
    }
}
