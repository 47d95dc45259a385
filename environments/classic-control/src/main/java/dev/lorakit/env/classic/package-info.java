/**
 * Gymnasium 1.x's classic-control environments in pure Java: CartPole-v1, Acrobot-v1,
 * MountainCar-v0 and Pendulum-v1, with the same constants, integrators, termination, time limits,
 * float32 observation rounding and (through {@link dev.lorakit.env.NumpyRandom}) the same
 * initial states for the same seeds. Golden trajectories recorded from Gymnasium prove it in the
 * tests. Physical parameters are registry keys, e.g. {@code CartPole-v1 {length: 1.0}}.
 */
package dev.lorakit.env.classic;
