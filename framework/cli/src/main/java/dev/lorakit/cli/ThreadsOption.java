package dev.lorakit.cli;

import dev.lorakit.api.PluginDescriptor;
import dev.lorakit.host.run.EngineThreads;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --threads N} option of the commands that run experiments. Applied after the config
 * names its plugin and before anything starts the engine, which reads its thread count once
 * ({@link EngineThreads}).
 */
public final class ThreadsOption {

    @Option(names = "--threads", paramLabel = "N",
            description = "Intra-op threads of the engine (default: $LORAKIT_THREADS, else the plugin's hint, "
                    + "else one per core).")
    private Integer threads;

    /**
     * Sets the engine's thread count for a run of {@code plugin} and says so on the console.
     *
     * @param plugin the descriptor of the plugin about to run
     * @param out the console
     * @throws dev.lorakit.host.config.ConfigException when a given count is not a whole number >= 1
     */
    public void apply(PluginDescriptor plugin, PrintWriter out) {
        out.println("lorakit: " + EngineThreads.apply(threads, plugin).describe());
        out.flush();
    }

    /**
     * The option as arguments for a child command, so that it gets the same choice.
     *
     * @return {@code --threads N}, or nothing when the option was not given
     */
    public List<String> arguments() {
        return threads == null ? List.of() : List.of("--threads", threads.toString());
    }
}
