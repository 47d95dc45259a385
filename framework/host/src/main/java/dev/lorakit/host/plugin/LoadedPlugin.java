package dev.lorakit.host.plugin;

import dev.lorakit.api.PluginDescriptor;
import dev.lorakit.api.TaskPlugin;

/**
 * A plugin the host loaded.
 *
 * @param descriptor what its {@code lorakit-plugin.json} says
 * @param plugin the plugin instance from its Guice module
 * @param source where it came from: a jar path or {@code classpath:...}
 * @param classLoader the loader of its classes
 */
public record LoadedPlugin(
        PluginDescriptor descriptor, TaskPlugin<?> plugin, String source, ClassLoader classLoader) {

    /**
     * The plugin id.
     *
     * @return the id of descriptor and plugin
     */
    public String id() {
        return descriptor.id();
    }
}
