package dev.lorakit.plugins.dqn;

import ai.djl.ndarray.NDArray;

/** The TD targets of DQN and Double DQN for a replay batch. */
public final class TdTargets {

    private TdTargets() {}

    /**
     * {@code r + discount * (1 - terminated) * V(next)}, where {@code V(next)} is {@code max_a
     * Q_target(next, a)} (DQN) or {@code Q_target(next, argmax_a Q_online(next, a))} (Double
     * DQN: the online network picks, the target network evaluates). Truncated transitions are
     * not terminated, so they bootstrap.
     *
     * @param rewards {@code (B)} (n-step discounted sums)
     * @param discounts {@code (B)} {@code gamma^k}
     * @param terminated {@code (B)} 1 where the episode terminated
     * @param nextTargetQ {@code (B, A)} target-network Q-values of the next observations
     * @param nextOnlineQ {@code (B, A)} online-network Q-values of the next observations for
     *     Double DQN; null for plain DQN
     * @return the targets, {@code (B)}
     */
    public static NDArray compute(
            NDArray rewards,
            NDArray discounts,
            NDArray terminated,
            NDArray nextTargetQ,
            NDArray nextOnlineQ) {
        NDArray nextValue;
        if (nextOnlineQ == null) {
            nextValue = nextTargetQ.max(new int[] {1});
        } else {
            NDArray chosen = nextOnlineQ.argMax(1).reshape(-1, 1);
            nextValue = nextTargetQ.gather(chosen, 1).reshape(-1);
        }
        NDArray notDone = terminated.neg().add(1);
        return rewards.add(discounts.mul(notDone).mul(nextValue));
    }
}
