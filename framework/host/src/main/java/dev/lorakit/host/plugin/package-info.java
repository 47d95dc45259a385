/**
 * Plugin discovery: descriptors, semantic version ranges, one class loader per plugin jar and
 * one Guice child injector per plugin ({@link dev.lorakit.host.plugin.PluginLoader}).
 */
package dev.lorakit.host.plugin;
