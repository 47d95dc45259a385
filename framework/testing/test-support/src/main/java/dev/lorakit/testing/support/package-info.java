/**
 * Test scaffolding shared by plugin and framework tests (a test-scoped dependency): {@link
 * dev.lorakit.testing.support.TestContext}, the run context a plugin's task gets from the host;
 * {@link dev.lorakit.testing.support.Subprocess}, which runs the Python interop scripts; {@link
 * dev.lorakit.testing.support.PeakRss}, the peak resident memory of a piece of code.
 */
package dev.lorakit.testing.support;
