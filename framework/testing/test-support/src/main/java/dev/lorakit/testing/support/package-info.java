/**
 * Test scaffolding shared by plugin and framework tests (a test-scoped dependency): {@link
 * dev.lorakit.testing.support.TestContext}, the run context a plugin's task gets from the host.
 */
package dev.lorakit.testing.support;
