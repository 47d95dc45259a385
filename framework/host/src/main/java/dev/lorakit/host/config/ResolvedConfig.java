package dev.lorakit.host.config;

import dev.lorakit.host.plugin.LoadedPlugin;
import java.nio.file.Path;

/**
 * A config file read, overridden, validated and bound.
 *
 * @param file the config file as given
 * @param spec the experiment
 * @param plugin the plugin the config selects
 */
public record ResolvedConfig(Path file, ExperimentSpec spec, LoadedPlugin plugin) {

    /**
     * The config's name: its file name without extension ({@code cartpole-dqn}).
     *
     * @return the name used in run directory names
     */
    public String name() {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /**
     * The resolved config as YAML, every value included.
     *
     * @return the YAML text
     */
    public String toYaml() {
        return ExperimentConfigs.toYaml(spec);
    }
}
