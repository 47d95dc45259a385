package dev.lorakit.cli;

import dev.lorakit.host.config.ExperimentConfigs;
import dev.lorakit.host.plugin.PluginRegistry;
import dev.lorakit.host.run.SweepGrid;
import dev.lorakit.host.run.SweepRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lorakit sweep CONFIG --grid k=a,b ...}: a grid search with a leaderboard. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run a config over a hyperparameter grid and rank the runs by the plugin's main metric.")
public final class SweepCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;
    @Mixin private PluginSources plugins;
    @Mixin private ThreadsOption threads;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The experiment's YAML file.")
    private Path config;

    @Option(names = "--grid", paramLabel = "KEY.PATH=V1,V2,...", required = true,
            description = "A grid axis, e.g. --grid lora.r=4,8,16. Repeatable; every combination runs.")
    private List<String> grid = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY.PATH=VALUE", description = "Override applied to every run. Repeatable.")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--runs-root", paramLabel = "DIR", defaultValue = "runs",
            description = "Where the sweep directory is created (default: ${DEFAULT-VALUE}).")
    private Path runsRoot;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SweepGrid parsed = SweepGrid.parse(grid);
        int total = parsed.combinations().size();
        try (PluginRegistry registry = plugins.load(spec.commandLine().getErr());
                SignalStop signals = SignalStop.install(spec.commandLine().getErr())) {
            // Every run of the sweep uses the config's plugin: its hint holds for all of them.
            threads.apply(ExperimentConfigs.load(config, overrides, registry).plugin().descriptor(), out);
            int[] done = {0};
            SweepRunner.Leaderboard board = SweepRunner.run(config, overrides, parsed, registry, runsRoot, e -> {
                out.println("[" + (++done[0]) + "/" + total + "] " + String.join(" ", e.overrides()) + ": best "
                        + e.summary().mainMetric() + " = " + e.summary().bestValue()
                        + (e.summary().interrupted() ? " (interrupted at step " + e.summary().steps()
                                + "; `lorakit resume " + e.runDirectory() + "` continues it)" : ""));
                out.flush();
            }, signals.request());
            out.println();
            out.print(board.table());
            out.println("leaderboard: " + board.sweepDirectory().resolve("sweep.csv"));
            return signals.request().isRequested() ? signals.exitCode() : 0;
        }
    }
}
