package dev.lorakit.cli.compare;

import dev.lorakit.cli.PluginSources;
import dev.lorakit.cli.ThreadsOption;
import dev.lorakit.host.compare.CompareMode;
import dev.lorakit.host.compare.ComparePlan;
import dev.lorakit.host.compare.CompareReport;
import dev.lorakit.host.compare.CompareRun;
import dev.lorakit.host.compare.CompareTable;
import dev.lorakit.host.config.ConfigException;
import dev.lorakit.host.plugin.PluginRegistry;
import dev.lorakit.lora.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
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

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        ComparePlan plan;
        try (PluginRegistry registry = plugins.load(spec.commandLine().getErr())) {
            plan = ComparePlan.of(config, CompareMode.parseList(modes), seeds, overrides, registry);
        }
        Path dir = out != null ? out
                : runsRoot.resolve(plan.name() + "__compare__" + STAMP.format(LocalDateTime.now(ZoneOffset.UTC)));
        if (Files.exists(dir.resolve("compare.json")) || plan.runs().stream()
                .anyMatch(r -> Files.exists(dir.resolve(r.directoryName())))) {
            throw new ConfigException(dir + " already holds a comparison; choose another --out");
        }
        Files.createDirectories(dir);
        List<CompareRun> done = new ArrayList<>();
        int i = 0;
        for (ComparePlan.Run run : plan.runs()) {
            i++;
            Path runDir = dir.resolve(run.directoryName());
            Path log = dir.resolve(run.directoryName() + ".log");
            console.println("[" + i + "/" + plan.runs().size() + "] " + run.mode().id() + " seed " + run.seed()
                    + " -> " + runDir + " (log: " + log.getFileName() + ")");
            console.flush();
            int code = ChildJvm.run(CompareWorker.class, workerArguments(run, runDir), log);
            if (code != 0) {
                spec.commandLine().getErr().println("lorakit: compare: the " + run.mode().id() + " run with seed "
                        + run.seed() + " failed (exit " + code + "); the end of " + log + ":\n" + tail(log, 30));
                spec.commandLine().getErr().flush();
                return 1;
            }
            done.add(CompareRun.read(run.mode(), run.seed(), runDir));
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

    private List<String> workerArguments(ComparePlan.Run run, Path runDir) {
        List<String> args = new ArrayList<>();
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
