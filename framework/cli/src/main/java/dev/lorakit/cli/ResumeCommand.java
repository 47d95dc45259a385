package dev.lorakit.cli;

import dev.lorakit.host.config.ResolvedConfig;
import dev.lorakit.host.plugin.PluginRegistry;
import dev.lorakit.host.run.ExperimentRunner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lorakit resume RUN_DIR}: continue an interrupted run from its newest valid checkpoint. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue a run from its newest valid checkpoint (corrupt or partial ones are reported and skipped).")
public final class ResumeCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;
    @Mixin private PluginSources plugins;
    @Mixin private ThreadsOption threads;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory to continue.")
    private Path runDir;

    @Override
    public Integer call() throws Exception {
        try (PluginRegistry registry = plugins.load(spec.commandLine().getErr())) {
            ResolvedConfig config = ExperimentRunner.resolvedConfigOf(runDir, registry);
            spec.commandLine().getOut().println("lorakit: resuming " + runDir);
            threads.apply(config.plugin().descriptor(), spec.commandLine().getOut());
            return RunCommand.runUntilDoneOrSignalled(ExperimentRunner.builder()
                    .setConfig(config)
                    .optRunDirectory(runDir)
                    .optResume(true), spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }
}
