package dev.lorakit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./lorakit}: one picocli command with a subcommand per task. */
@Command(
        name = "lorakit",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "LoRA fine-tuning for reinforcement learning, vision and language on DJL.",
        subcommands = {
            RunCommand.class,
            SweepCommand.class,
            ResumeCommand.class,
            PluginsCommand.class,
            AdaptersCommand.class,
            dev.lorakit.cli.compare.CompareCommand.class,
            StylizeCommand.class,
            PredictCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the CLI and exits with its status.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /**
     * The configured command line, shared by {@link #main} and tests.
     *
     * @return a new command line for the {@code lorakit} command
     */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::reportFailure);
        return cli;
    }

    /**
     * Prints a user error (bad config, refused plugin, ...) as its one-line message, and an
     * unexpected failure with its stack trace.
     */
    private static int reportFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        java.io.PrintWriter err = cli.getErr();
        if (isUserError(e)) {
            err.println("lorakit: " + e.getMessage());
            err.flush();
            return 2;
        }
        e.printStackTrace(err);
        err.flush();
        return 1;
    }

    private static boolean isUserError(Exception e) {
        return e instanceof dev.lorakit.host.config.ConfigException
                || e instanceof dev.lorakit.host.market.MarketplaceException
                || e instanceof dev.lorakit.host.plugin.PluginException
                || e instanceof dev.lorakit.host.plugin.UnknownPluginException
                || e instanceof UnsupportedOperationException;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
