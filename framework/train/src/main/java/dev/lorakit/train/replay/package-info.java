/**
 * Replay buffers shared by every RL plugin: a uniform ring buffer and proportional prioritized
 * replay over primitive arrays (no object per transition), optional n-step returns cut at
 * episode ends with Gymnasium's terminated/truncated semantics, sampling straight into {@link
 * ai.djl.ndarray.NDArray} batches, and {@link dev.lorakit.api.Stateful} save/load so that a
 * resumed run samples exactly what an uninterrupted one would.
 *
 * <pre>{@code
 * ReplayBuffer buffer = UniformReplayBuffer.builder()
 *         .setCapacity(10_000).setObservationShape(new Shape(4)).setDiscreteActions()
 *         .setGamma(0.99).build();
 * buffer.add(obs, action, reward, nextObs, terminated, truncated);
 * try (NDManager step = manager.newSubManager()) {
 *     ReplayBatch batch = buffer.sample(step, 128, random);
 *     // target = rewards + discounts * (1 - terminated) * max_a Q_target(nextObservations, a)
 * }
 * }</pre>
 */
package dev.lorakit.train.replay;
