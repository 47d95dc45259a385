package dev.lorakit.host.run;

import dev.lorakit.api.PluginDescriptor;
import dev.lorakit.host.config.ConfigException;
import java.util.Locale;

/**
 * How many intra-op threads the PyTorch engine gets. DJL's engine reads {@value #PROPERTY} once,
 * when it starts, so a command decides before anything touches the engine, from (first that is
 * set): the {@code --threads} option, {@code $}{@value #ENVIRONMENT}, {@code -D}{@value #PROPERTY}
 * on the java command line, the plugin descriptor's {@code threads} hint; else the engine keeps
 * its default, one thread per core.
 *
 * <pre>{@code
 * EngineThreads.Choice choice = EngineThreads.apply(threadsOption, resolved.plugin().descriptor());
 * // then start the run: the engine starts with choice.threads() intra-op threads
 * }</pre>
 */
public final class EngineThreads {

    /** The system property DJL's PyTorch engine reads at start. */
    public static final String PROPERTY = "ai.djl.pytorch.num_threads";

    /** The environment variable that overrides a plugin's hint. */
    public static final String ENVIRONMENT = "LORAKIT_THREADS";

    private EngineThreads() {}

    /**
     * A decision.
     *
     * @param threads the intra-op thread count, or null for the engine's default
     * @param source where it came from, for the console
     */
    public record Choice(Integer threads, String source) {

        /**
         * One line for the console, e.g. {@code 1 intra-op thread (plugin dqn's hint)}.
         *
         * @return the line
         */
        public String describe() {
            if (threads == null) {
                return "intra-op threads: the engine's default, one per core";
            }
            return String.format(Locale.ROOT, "%d intra-op thread%s (%s)", threads, threads == 1 ? "" : "s", source);
        }
    }

    /**
     * Decides the thread count; reads nothing from the process.
     *
     * @param option the {@code --threads} value, or null
     * @param environment the value of {@value #ENVIRONMENT}, or null
     * @param property the value of {@value #PROPERTY} before any change, or null
     * @param plugin the descriptor of the plugin about to run
     * @return the choice
     * @throws ConfigException when a given value is not a whole number >= 1, naming where it came from
     */
    public static Choice choose(Integer option, String environment, String property, PluginDescriptor plugin) {
        if (option != null) {
            return new Choice(positive(option, "--threads"), "--threads");
        }
        if (environment != null && !environment.isBlank()) {
            return new Choice(parse(environment, ENVIRONMENT), ENVIRONMENT);
        }
        if (property != null && !property.isBlank()) {
            return new Choice(parse(property, "-D" + PROPERTY), "-D" + PROPERTY);
        }
        if (plugin.threads() != null) {
            return new Choice(plugin.threads(), "plugin " + plugin.id() + "'s hint; --threads N or "
                    + ENVIRONMENT + " overrides it");
        }
        return new Choice(null, "engine default");
    }

    /**
     * Decides from the option, this process's environment and properties and the plugin, and sets
     * {@value #PROPERTY} so that the engine, when it starts, uses the choice. It has no effect
     * on an engine that has started already.
     *
     * @param option the {@code --threads} value, or null
     * @param plugin the descriptor of the plugin about to run
     * @return the choice
     * @throws ConfigException when a given value is not a whole number >= 1
     */
    public static Choice apply(Integer option, PluginDescriptor plugin) {
        Choice choice = choose(option, System.getenv(ENVIRONMENT), System.getProperty(PROPERTY), plugin);
        if (choice.threads() != null) {
            System.setProperty(PROPERTY, Integer.toString(choice.threads()));
        }
        return choice;
    }

    private static int parse(String value, String where) {
        try {
            return positive(Integer.parseInt(value.trim()), where);
        } catch (NumberFormatException e) {
            throw new ConfigException(where + "=\"" + value + "\" is not a whole number >= 1", e);
        }
    }

    private static int positive(int value, String where) {
        if (value < 1) {
            throw new ConfigException(where + " must be a whole number >= 1, got " + value);
        }
        return value;
    }
}
