package dev.lorakit.env.gym;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.env.Environment;
import dev.lorakit.env.Environments;
import dev.lorakit.env.StepResult;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Java CartPole-v1 and Gymnasium's, driven through the subprocess bridge with the same seed
 * and actions, give identical observations, rewards and flags at every step, to the episode's
 * end (termination or the 500-step truncation).
 */
class CartPoleParityTest {

    @Test
    void javaAndGymnasiumCartPoleAreIdentical() {
        // One Python process for all seeds: reset(seed) reseeds Gymnasium's generator.
        try (Environment java = Environments.make("CartPole-v1");
                GymnasiumEnvironment python = BridgeFixtures.subprocess("CartPole-v1").build()) {
            for (long seed : new long[] {0, 7, 2024, 99}) {
                episode(java, python, seed);
            }
        }
    }

    private static void episode(Environment java, Environment python, long seed) {
        float[] obs = java.reset(seed).observation();
        assertThat(python.reset(seed).observation()).containsExactly(obs);
        SplittableRandom policy = new SplittableRandom(seed);
        double explore = seed == 7 ? 1.0 : 0.2;
        int steps = 0;
        StepResult j;
        do {
            int action = policy.nextDouble() < explore ? policy.nextInt(2) : (obs[2] + 0.5f * obs[3] > 0 ? 1 : 0);
            j = java.step(action);
            StepResult p = python.step(action);
            assertThat(p.observation()).as("step %d", steps).containsExactly(j.observation());
            assertThat(p.reward()).isEqualTo(j.reward());
            assertThat(p.terminated()).as("terminated at step %d", steps).isEqualTo(j.terminated());
            assertThat(p.truncated()).as("truncated at step %d", steps).isEqualTo(j.truncated());
            obs = j.observation();
            steps++;
        } while (!j.done());
        assertThat(steps).isGreaterThan(5);
    }
}
