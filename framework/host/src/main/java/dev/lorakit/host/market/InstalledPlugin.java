package dev.lorakit.host.market;

import dev.lorakit.api.PluginDescriptor;
import java.nio.file.Path;

/**
 * A plugin jar in the plugins directory.
 *
 * @param descriptor its descriptor
 * @param jar the jar file
 * @param sha256 the jar's digest
 */
public record InstalledPlugin(PluginDescriptor descriptor, Path jar, String sha256) {}
