/** lorakit DQN plugin. */
package dev.lorakit.plugins.dqn;
