package dev.lorakit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./lorakit}: one picocli command with a subcommand per task. */
@Command(
        name = "lorakit",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "LoRA fine-tuning for reinforcement learning, vision and language on DJL.",
        subcommands = {AdaptersCommand.class, CommandLine.HelpCommand.class})
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
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
