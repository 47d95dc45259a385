/**
 * The shared trainer: the {@link dev.lorakit.train.DefaultLearner} every plugin steps, the
 * {@link dev.lorakit.train.SupervisedTrainer} loop, the RL runtime, seeding, device selection
 * and the {@code trainer:} / {@code checkpoint:} config sections.
 */
package dev.lorakit.train;
