/**
 * The DQN plugin ({@code plugin: dqn}): CleanRL-style DQN with a target network (hard or
 * Polyak), Double DQN, Huber or MSE loss, epsilon schedule, uniform/prioritized/n-step replay
 * from {@code dev.lorakit.train.replay}, greedy evaluation, and a Q-network whose {@code fc1},
 * {@code fc2} and {@code q} layers are LoRA targets, for transfer to changed environments.
 * See {@code docs/rl.md}.
 */
package dev.lorakit.plugins.dqn;
