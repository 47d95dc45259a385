/**
 * A Gymnasium-style environment API in pure Java.
 *
 * <p>{@link dev.lorakit.env.Environment} mirrors Gymnasium 1.x: {@code reset(seed)} returns an
 * observation and info, {@code step(action)} returns observation, reward, {@code terminated},
 * {@code truncated} and info. Observations are always {@code float[]} and discrete actions are
 * plain {@code int}s so that agents stepping millions of times do not box. Spaces ({@link
 * dev.lorakit.env.Box}, {@link dev.lorakit.env.Discrete}, {@link dev.lorakit.env.MultiDiscrete}),
 * wrappers, a vectorised environment with auto-reset and a registry by id ({@link
 * dev.lorakit.env.Environments#make(String)}) complete the API. {@link
 * dev.lorakit.env.NumpyRandom} reproduces numpy's PCG64 generator so that environments seeded
 * here start where Gymnasium's do.
 */
package dev.lorakit.env;
