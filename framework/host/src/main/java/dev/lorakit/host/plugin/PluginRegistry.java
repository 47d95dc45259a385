package dev.lorakit.host.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plugins one {@link PluginLoader#load()} found, by id, and the sources it refused. Closing
 * the registry closes the plugins' class loaders.
 */
public final class PluginRegistry implements AutoCloseable {

    private final Map<String, LoadedPlugin> plugins;
    private final List<PluginLoadError> errors;

    PluginRegistry(Map<String, LoadedPlugin> plugins, List<PluginLoadError> errors) {
        this.plugins = Collections.unmodifiableMap(plugins);
        this.errors = List.copyOf(errors);
    }

    /**
     * The loaded plugins in load order (classpath first, then directory jars by name).
     *
     * @return the plugins
     */
    public List<LoadedPlugin> plugins() {
        return List.copyOf(plugins.values());
    }

    /**
     * Ids of the loaded plugins.
     *
     * @return the ids in load order
     */
    public List<String> ids() {
        return List.copyOf(plugins.keySet());
    }

    /**
     * A plugin by id, if loaded.
     *
     * @param id the plugin id
     * @return the plugin, or empty
     */
    public Optional<LoadedPlugin> find(String id) {
        return Optional.ofNullable(plugins.get(id));
    }

    /**
     * A plugin by id.
     *
     * @param id the plugin id
     * @return the plugin
     * @throws UnknownPluginException listing the loaded ids when there is none
     */
    public LoadedPlugin require(String id) {
        LoadedPlugin p = plugins.get(id);
        if (p == null) {
            throw new UnknownPluginException(id, plugins.keySet());
        }
        return p;
    }

    /**
     * The sources that were refused, with the reason.
     *
     * @return the errors, empty when everything loaded
     */
    public List<PluginLoadError> errors() {
        return errors;
    }

    @Override
    public void close() {
        List<IOException> failures = new ArrayList<>();
        for (LoadedPlugin p : plugins.values()) {
            if (p.classLoader() instanceof PluginClassLoader loader) {
                try {
                    ((URLClassLoader) loader).close();
                } catch (IOException e) {
                    failures.add(e);
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new UncheckedIOException("closing plugin class loaders failed", failures.get(0));
        }
    }
}
