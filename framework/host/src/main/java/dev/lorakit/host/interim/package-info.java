/**
 * Stand-ins for the shared {@code trainer:} and {@code checkpoint:} sections and the training
 * loop, used until {@code framework/train} provides {@code TrainerConfig}, {@code
 * CheckpointConfig} and {@code SupervisedTrainer}; deleted when they land.
 */
package dev.lorakit.host.interim;
