package dev.lorakit.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AbstractEnvironmentTest {

    @Test
    void sameSeedGivesSameInitialStateAndResetWithoutSeedContinuesTheStream() {
        LineWalk a = new LineWalk(5);
        LineWalk b = new LineWalk(5);
        assertThat(a.reset(7).observation()).isEqualTo(b.reset(7).observation());
        NumpyRandom expected = new NumpyRandom(7);
        expected.nextDouble();
        assertThat(a.reset().observation()[0]).isEqualTo((float) (int) expected.uniform(0, 3));
    }

    @Test
    void stepBeforeResetIsAnError() {
        assertThatThrownBy(() -> new LineWalk(5).step(1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("call reset() before the first step()");
    }

    @Test
    void actionOutsideTheSpaceIsAnErrorNamingActionAndSpace() {
        LineWalk env = new LineWalk(5);
        env.reset(0);
        assertThatThrownBy(() -> env.step(2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("action 2").hasMessageContaining("Discrete(2)");
        assertThatThrownBy(() -> env.step(new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1.0]");
        assertThatThrownBy(() -> env.stepValue("left")).hasMessageContaining("String");
    }

    @Test
    void steppingAFinishedEpisodeIsAnErrorUntilReset() {
        LineWalk env = new LineWalk(1);
        env.reset(0);
        StepResult r;
        int steps = 0;
        do {
            r = env.step(1);
            steps++;
        } while (!r.done());
        assertThat(r.terminated()).isTrue();
        int taken = steps;
        assertThatThrownBy(() -> env.step(1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ended after " + taken + " steps");
        env.reset();
        env.step(0);
    }

    @Test
    void closedEnvironmentRefusesUse() {
        LineWalk env = new LineWalk(5);
        env.close();
        assertThatThrownBy(env::reset).hasMessageContaining("closed");
    }
}
