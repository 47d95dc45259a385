/**
 * A test plugin that bundles a third-party library: two Gaussian blobs drawn with commons-math3,
 * which ships inside the plugin jar as {@code lib/commons-math3-*.jar}.
 */
package dev.lorakit.testing.blobs;
