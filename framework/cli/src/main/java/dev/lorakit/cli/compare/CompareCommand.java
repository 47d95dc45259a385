package dev.lorakit.cli.compare;

import dev.lorakit.cli.PluginSources;
import dev.lorakit.cli.SignalStop;
import dev.lorakit.cli.ThreadsOption;
import dev.lorakit.host.compare.CompareMode;
import dev.lorakit.host.compare.ComparePlan;
import dev.lorakit.host.compare.CompareReport;
import dev.lorakit.host.compare.CompareRun;
import dev.lorakit.host.compare.CompareTable;
import dev.lorakit.host.compare.RunResources;
import dev.lorakit.host.config.ConfigException;
import dev.lorakit.host.plugin.PluginRegistry;
import dev.lorakit.host.run.RunFiles;
import dev.lorakit.lora.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lorakit compare CONFIG [--modes lora,full] [--seeds N] [--set ...]}: the same
 * experiment with LoRA and with full fine-tuning, side by side.
 *
 * <p>Every (mode, seed) run is a normal run directory inside the comparison directory, made by
 * {@link CompareWorker} in its own JVM; then {@code compare.csv}, {@code compare.json} and {@code
 * compare.html} are written next to them and the table is printed.
 *
 * <p>Ctrl-C or {@code SIGTERM} stops the running run cleanly (step, checkpoint, {@code status:
 * interrupted}; the request reaches it once, see {@link ChildJvm}), starts no further run, lists
 * what is unfinished and exits 130/143. The same command with {@code --out} of that directory
 * ({@link CompareInvocation}) keeps the finished runs, resumes the interrupted ones and runs the rest.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Run a config with LoRA and with full fine-tuning (same data order, seed and steps) "
                + "and compare parameters, step time, memory, wall time, metrics and sizes.")
public final class CompareCommand implements Callable<Integer> {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Spec private CommandSpec spec;
    @Mixin private PluginSources plugins;
    @Mixin private ThreadsOption threads;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The experiment's YAML file.")
    private Path config;

    @Option(names = "--modes", paramLabel = "MODE,...", defaultValue = "lora,full",
            description = "Modes to run, in column order: lora, full (default: ${DEFAULT-VALUE}).")
    private String modes;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1",
            description = "Seeds per mode: the config's seed and the N-1 after it; the table shows mean ± std "
                    + "(default: ${DEFAULT-VALUE}).")
    private int seeds;

    @Option(names = "--set", paramLabel = "KEY.PATH=VALUE", description = "Override applied to every run. Repeatable.")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "The comparison directory (default: <runs-root>/<config>__compare__<time>).")
    private Path out;

    @Option(names = "--runs-root", paramLabel = "DIR", defaultValue = "runs",
            description = "Where the default comparison directory is created (default: ${DEFAULT-VALUE}).")
    private Path runsRoot;

    @Option(names = "--stop-grace", paramLabel = "SECONDS", defaultValue = "120",
            description = "After Ctrl-C or SIGTERM, how long the running run may take to finish its step and write "
                    + "its checkpoint before it is killed (default: ${DEFAULT-VALUE}).")
    private long stopGraceSeconds;

    @Override
    public Integer call() throws Exception {
        if (stopGraceSeconds < 1) {
            throw new ConfigException("--stop-grace must be >= 1 second, got " + stopGraceSeconds);
        }
        PrintWriter console = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ComparePlan plan;
        try (PluginRegistry registry = plugins.load(err)) {
            plan = ComparePlan.of(config, CompareMode.parseList(modes), seeds, overrides, registry);
        }
        Path dir = out != null ? out
                : runsRoot.resolve(plan.name() + "__compare__" + STAMP.format(LocalDateTime.now(ZoneOffset.UTC)));
        if (CompareInvocation.of(plan).claim(dir)) {
            console.println("continuing the comparison in " + dir);
        }
        List<CompareRun> done = new ArrayList<>();
        List<String> unfinished = new ArrayList<>();
        int stoppedRunCode = 0;
        String stoppedRunBy = "a signal to its run";
        Set<ChildJvm> running = ConcurrentHashMap.newKeySet();
        // The parent's own signals: a first one stops the running run cleanly (forwarded once) and
        // starts no further run; a second one kills the running run, as it aborts a single run.
        try (SignalStop signals = SignalStop.install(err).optBeforeAbort(() -> running.forEach(ChildJvm::kill))) {
            int i = 0;
            for (ComparePlan.Run run : plan.runs()) {
                i++;
                String what = run.mode().id() + " seed " + run.seed();
                Path runDir = dir.resolve(run.directoryName());
                if (signals.stopRequested() || stoppedRunCode != 0) {
                    unfinished.add(what + ": not started");
                    continue;
                }
                if (finished(runDir)) {
                    console.println("[" + i + "/" + plan.runs().size() + "] " + what + ": finished earlier, kept");
                    done.add(CompareRun.read(run.mode(), run.seed(), runDir));
                    continue;
                }
                boolean resume = Files.isRegularFile(runDir.resolve(RunFiles.RESOLVED_CONFIG));
                Path log = dir.resolve(run.directoryName() + ".log");
                console.println("[" + i + "/" + plan.runs().size() + "] " + what + (resume ? ", resumed" : "")
                        + " -> " + runDir + " (log: " + log.getFileName() + ")");
                console.flush();
                ChildJvm child = ChildJvm.start(CompareWorker.class, workerArguments(run, runDir, resume),
                        appendedLog(log, resume), Duration.ofSeconds(stopGraceSeconds));
                running.add(child);
                int code = child.awaitEnd(signals.request());
                running.remove(child);
                if (code == 0 && finished(runDir)) {
                    done.add(CompareRun.read(run.mode(), run.seed(), runDir));
                } else if (signals.stopRequested() || interrupted(runDir)) {
                    // Also a run a signal stopped that this JVM has not seen (yet): only the run got
                    // it, or the run's stop of a group's Ctrl-C ended before this JVM's handler ran.
                    unfinished.add(what + ": " + howItStopped(runDir, code, child.killed()));
                    stoppedRunCode = code;
                    if (interrupted(runDir)) {
                        stoppedRunBy = CompareRun.summaryOf(runDir).interruptedBy();
                    }
                } else {
                    err.println("lorakit: compare: the " + run.mode().id() + " run with seed " + run.seed()
                            + " failed (exit " + code + "); the end of " + log + ":\n" + tail(log, 30));
                    err.flush();
                    return 1;
                }
            }
            if (!unfinished.isEmpty()) {
                String by = signals.stopRequested() ? signals.request().reason() : stoppedRunBy;
                err.println("lorakit: compare: " + by + " stopped the comparison in " + dir + ":");
                unfinished.forEach(line -> err.println("  " + line));
                err.println("continue it with: " + continueCommand(dir));
                err.flush();
                return signals.stopRequested() ? signals.exitCode() : stoppedRunCode;
            }
        }
        CompareTable table = CompareTable.of(done);
        AtomicFiles.writeString(dir.resolve("compare.csv"), table.csv());
        AtomicFiles.writeString(dir.resolve("compare.json"), table.json(config.toString()));
        CompareReport.write(dir.resolve("compare.html"), plan.name() + ": " + String.join(" vs ",
                plan.modes().stream().map(CompareMode::id).toList()), table, done);
        console.println();
        console.print(table.console());
        console.println("comparison: " + dir.resolve("compare.html") + " (+ compare.csv, compare.json)");
        console.flush();
        return 0;
    }

    /** A run that reached its budget and whose worker wrote its resources: nothing left to do. */
    private static boolean finished(Path runDir) throws IOException {
        return Files.isRegularFile(runDir.resolve(RunFiles.SUMMARY))
                && Files.isRegularFile(runDir.resolve(RunResources.FILE))
                && !CompareRun.summaryOf(runDir).interrupted();
    }

    private static boolean interrupted(Path runDir) throws IOException {
        return Files.isRegularFile(runDir.resolve(RunFiles.SUMMARY)) && CompareRun.summaryOf(runDir).interrupted();
    }

    private static String howItStopped(Path runDir, int code, boolean killed) throws IOException {
        if (interrupted(runDir)) {
            return "stopped at step " + CompareRun.summaryOf(runDir).steps() + " (checkpoint written) -> " + runDir;
        }
        return (killed ? "killed (no clean stop within --stop-grace, or a second signal)" : "ended with exit " + code)
                + "; it continues from its newest complete checkpoint -> " + runDir;
    }

    /** A resumed run's log keeps the interrupted part above it. */
    private static Path appendedLog(Path log, boolean resume) throws IOException {
        if (resume && Files.isRegularFile(log)) {
            Files.writeString(log, "\n--- resumed by lorakit compare ---\n", StandardOpenOption.APPEND);
        }
        return log;
    }

    private String continueCommand(Path dir) {
        StringBuilder command = new StringBuilder("lorakit compare ").append(config).append(" --out ").append(dir)
                .append(" --modes ").append(modes).append(" --seeds ").append(seeds);
        overrides.forEach(o -> command.append(" --set ").append(o));
        return command.toString();
    }

    private List<String> workerArguments(ComparePlan.Run run, Path runDir, boolean resume) {
        List<String> args = new ArrayList<>();
        args.add("--stop-from-stdin");
        if (resume) {
            args.add("--resume");
        }
        args.add(config.toAbsolutePath().toString());
        for (String o : run.overrides()) {
            args.add("--set");
            args.add(o);
        }
        args.add("--run-dir");
        args.add(runDir.toAbsolutePath().toString());
        args.add("--plugins-dir");
        args.add(plugins.pluginsDirectory().toAbsolutePath().toString());
        args.addAll(threads.arguments());
        return args;
    }

    private static String tail(Path log, int lines) throws IOException {
        List<String> all = Files.readAllLines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
