/**
 * The checkpoint store: atomic, verified {@code checkpoints/step-NNNNNN/} directories with
 * parameters, optimizer, schedule, RNG and data position, retention of the last N and best K,
 * and resume from the newest valid one.
 */
package dev.lorakit.train.checkpoint;
