package dev.lorakit.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VectorEnvironmentTest {

    @Test
    void autoResetsInTheSameStepAndReturnsTheFinalObservation() {
        try (VectorEnvironment envs = VectorEnvironment.of(3, () -> new TimeLimit(new LineWalk(50), 2))) {
            float[][] first = envs.reset(10);
            for (int i = 0; i < 3; i++) {
                assertThat(first[i]).isEqualTo(new LineWalk(50).reset(10 + i).observation());
            }
            VectorStepResult r1 = envs.step(new int[] {1, 1, 1});
            assertThat(java.util.Arrays.asList(r1.finalObservations())).containsOnlyNulls();
            VectorStepResult r2 = envs.step(new int[] {1, 1, 1});
            for (int i = 0; i < 3; i++) {
                assertThat(r2.truncated()[i]).isTrue();
                assertThat(r2.done(i)).isTrue();
                assertThat(r2.finalObservations()[i]).containsExactly(first[i][0] + 2);
                // The next observation already belongs to the new episode, drawn from the continued stream.
                NumpyRandom rng = new NumpyRandom(10 + i);
                rng.nextDouble();
                assertThat(r2.observations()[i]).containsExactly((float) (int) rng.uniform(0, 3));
            }
            envs.step(new int[] {0, 0, 0});
        }
    }

    @Test
    void wrongActionCountIsAnError() {
        try (VectorEnvironment envs = VectorEnvironment.of(2, () -> new LineWalk(5))) {
            envs.reset(0);
            assertThatThrownBy(() -> envs.step(new int[] {1})).hasMessageContaining("1 actions for 2");
        }
    }
}
