/**
 * The plugin marketplace: PF4J-shaped indexes with SHA-256 per release, verified atomic
 * installs and removal ({@link dev.lorakit.host.market.PluginInstaller}), and the build's
 * sample index ({@link dev.lorakit.host.market.IndexBuilder}).
 */
package dev.lorakit.host.market;
