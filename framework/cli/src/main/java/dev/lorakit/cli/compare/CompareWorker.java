package dev.lorakit.cli.compare;

import ai.djl.Device;
import dev.lorakit.cli.PluginSources;
import dev.lorakit.cli.SignalStop;
import dev.lorakit.cli.ThreadsOption;
import dev.lorakit.host.compare.DeviceMemorySampler;
import dev.lorakit.host.compare.RunResources;
import dev.lorakit.host.config.ExperimentConfigs;
import dev.lorakit.host.config.ResolvedConfig;
import dev.lorakit.host.plugin.PluginRegistry;
import dev.lorakit.host.run.ExperimentRunner;
import dev.lorakit.train.Devices;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * One run of a comparison, in a JVM of its own that {@link CompareCommand} starts: runs the
 * experiment like {@code lorakit run}, then writes {@code resources.json} ({@link RunResources})
 * with this process's peak RSS and, on a GPU, the device memory peak. A JVM per run makes each
 * peak RSS belong to one run alone.
 */
@Command(name = "compare-worker", description = "One run of lorakit compare (started by it, in its own JVM).")
public final class CompareWorker implements Callable<Integer> {

    @Spec private CommandSpec spec;
    @Mixin private PluginSources plugins;
    @Mixin private ThreadsOption threads;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The experiment's YAML file.")
    private Path config;

    @Option(names = "--set", paramLabel = "KEY.PATH=VALUE", description = "Override a config value. Repeatable.")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--run-dir", paramLabel = "DIR", required = true, description = "The run directory to write.")
    private Path runDir;

    @Option(names = "--resume", description = "Continue the interrupted run in --run-dir (its own config).")
    private boolean resume;

    @Option(names = "--stop-from-stdin", description = "Also stop cleanly on the parent's request on standard input "
            + "(SignalStop.listenToParent), or when that input ends.")
    private boolean stopFromStdin;

    /**
     * Runs one comparison run and exits with its status.
     *
     * @param args the arguments {@link CompareCommand} passes
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new CompareWorker()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (PluginRegistry registry = plugins.load(spec.commandLine().getErr())) {
            ResolvedConfig resolved = resume ? ExperimentRunner.resolvedConfigOf(runDir, registry)
                    : ExperimentConfigs.load(config, overrides, registry);
            threads.apply(resolved.plugin().descriptor(), out);
            Device device = Devices.resolve(resolved.spec().trainer().devices())[0];
            try (DeviceMemorySampler gpu = DeviceMemorySampler.start(device);
                    SignalStop signals = SignalStop.install(spec.commandLine().getErr())) {
                if (stopFromStdin) {
                    signals.listenToParent(System.in);
                }
                // An interrupted run wrote its JVM's peaks; the run's peaks are the highest of its JVMs.
                RunResources earlier = resume && Files.isRegularFile(runDir.resolve(RunResources.FILE))
                        ? RunResources.read(runDir) : null;
                ExperimentRunner.RunResult result = ExperimentRunner.builder().setConfig(resolved)
                        .optRunDirectory(runDir).optResume(resume).optProgress(false).optStop(signals.request())
                        .build().run();
                Optional<Long> rss = RunResources.currentPeakRss();
                RunResources measured = new RunResources(rss.orElse(null),
                        rss.isPresent() ? "VmHWM of /proc/self/status, this run's own JVM"
                                : "unknown: this system has no /proc/self/status VmHWM",
                        device.toString(), gpu.peakBytes(), gpu.source());
                (earlier == null ? measured : measured.highestWith(earlier)).write(runDir);
                out.println("run directory: " + result.runDirectory());
                out.flush();
                return result.summary().interrupted() ? signals.exitCode() : 0;
            }
        }
    }
}
