package dev.lorakit.cli;

import dev.lorakit.host.plugin.PluginLoadError;
import dev.lorakit.host.plugin.PluginLoader;
import dev.lorakit.host.plugin.PluginRegistry;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where commands find plugins: the classpath, the jars this checkout built (the launcher passes
 * them as {@code -Dlorakit.bundled.plugins}), and the plugins directory.
 */
public final class PluginSources {

    /** System property listing bundled plugin jars or directories, separated by the path separator. */
    public static final String BUNDLED_PROPERTY = "lorakit.bundled.plugins";

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "Plugins directory (default: $LORAKIT_PLUGINS or ~/.lorakit/plugins).")
    private Path pluginsDir;

    /**
     * The plugins directory in effect.
     *
     * @return the option, else {@code $LORAKIT_PLUGINS}, else {@code ~/.lorakit/plugins}
     */
    public Path pluginsDirectory() {
        if (pluginsDir != null) {
            return pluginsDir;
        }
        String env = System.getenv("LORAKIT_PLUGINS");
        return env != null && !env.isBlank()
                ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".lorakit", "plugins");
    }

    /**
     * Loads every plugin, printing refused ones as warnings.
     *
     * @param err where warnings go
     * @return the registry; close it when done
     */
    public PluginRegistry load(PrintWriter err) {
        PluginLoader.Builder builder = PluginLoader.builder().optClasspath(PluginSources.class.getClassLoader());
        String bundled = System.getProperty(BUNDLED_PROPERTY, "");
        for (String entry : bundled.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                builder.addPluginsDirectory(p);
            } else if (Files.isRegularFile(p)) {
                builder.addPluginJar(p);
            }
        }
        builder.addPluginsDirectory(pluginsDirectory());
        PluginRegistry registry = builder.build().load();
        for (PluginLoadError e : registry.errors()) {
            err.println("warning: " + e.message());
        }
        err.flush();
        return registry;
    }
}
