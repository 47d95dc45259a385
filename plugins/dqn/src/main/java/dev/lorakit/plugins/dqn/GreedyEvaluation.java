package dev.lorakit.plugins.dqn;

import dev.lorakit.env.Environment;
import dev.lorakit.env.StepResult;

/** Greedy (epsilon 0) evaluation episodes on their own environment instance. */
final class GreedyEvaluation {

    private GreedyEvaluation() {}

    /**
     * The mean undiscounted return of greedy episodes; episode {@code i} resets with {@code
     * seedBase + i}, so every evaluation of a run sees the same start states.
     *
     * @param env an environment used only for evaluation
     * @param policy the policy to follow greedily
     * @param episodes how many episodes
     * @param seedBase the first episode's seed
     * @return the mean return
     */
    static double meanReturn(Environment env, GreedyPolicy policy, int episodes, long seedBase) {
        double total = 0;
        for (int i = 0; i < episodes; i++) {
            float[] obs = env.reset(seedBase + i).observation();
            boolean done = false;
            while (!done) {
                StepResult r = env.step(policy.act(obs));
                total += r.reward();
                obs = r.observation();
                done = r.done();
            }
        }
        return total / episodes;
    }
}
