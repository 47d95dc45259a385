package dev.lorakit.train.replay;

import ai.djl.ndarray.NDArray;

/**
 * A sampled batch, its arrays created in the manager passed to {@link ReplayBuffer#sample}.
 *
 * <p>The TD target of a transition is {@code rewards + discounts * (1 - terminated) *
 * V(nextObservations)}: {@code rewards} is already the discounted n-step sum, {@code discounts}
 * is {@code gamma^k} for the k steps it spans (k &lt; n where the episode ended), and {@code
 * terminated} is 1 only when the episode really ended. A truncated episode (time limit) keeps
 * {@code terminated = 0}, so its target bootstraps from the final observation, as CleanRL does
 * with {@code real_next_obs}.
 *
 * @param observations {@code (B, *observationShape)} float32
 * @param actions {@code (B)} int64 for discrete actions, {@code (B, actionSize)} float32 else
 * @param rewards {@code (B)} float32, discounted n-step sums
 * @param nextObservations {@code (B, *observationShape)} float32
 * @param terminated {@code (B)} float32, 1 where the episode terminated within the n steps
 * @param discounts {@code (B)} float32, {@code gamma^k}
 * @param weights {@code (B)} float32 importance-sampling weights (all 1 for uniform replay)
 * @param indices buffer slots of the transitions, for {@link
 *     PrioritizedReplayBuffer#updatePriorities}
 */
public record ReplayBatch(
        NDArray observations,
        NDArray actions,
        NDArray rewards,
        NDArray nextObservations,
        NDArray terminated,
        NDArray discounts,
        NDArray weights,
        int[] indices) {}
