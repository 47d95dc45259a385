/**
 * {@code lorakit compare}: runs one experiment per mode and seed, each in its own JVM ({@link
 * dev.lorakit.cli.compare.CompareWorker}), and writes the comparison ({@code
 * dev.lorakit.host.compare}).
 */
package dev.lorakit.cli.compare;
