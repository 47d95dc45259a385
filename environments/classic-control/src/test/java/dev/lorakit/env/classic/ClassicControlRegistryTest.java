package dev.lorakit.env.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.env.Box;
import dev.lorakit.env.Discrete;
import dev.lorakit.env.Environment;
import dev.lorakit.env.Environments;
import dev.lorakit.env.StepResult;
import dev.lorakit.env.TimeLimit;
import dev.lorakit.env.Wrapper;
import org.junit.jupiter.api.Test;

class ClassicControlRegistryTest {

    @Test
    void registersGymnasiumIdsWithTheirLimitsAndThresholds() {
        assertThat(Environments.registry().ids()).contains("CartPole-v1", "Acrobot-v1", "MountainCar-v0", "Pendulum-v1");
        assertThat(Environments.registry().spec("CartPole-v1").rewardThreshold()).isEqualTo(475.0);
        assertThat(Environments.registry().spec("CartPole-v1").maxEpisodeSteps()).isEqualTo(500);
        assertThat(Environments.registry().spec("MountainCar-v0").maxEpisodeSteps()).isEqualTo(200);
        assertThat(Environments.registry().spec("Pendulum-v1").maxEpisodeSteps()).isEqualTo(200);
        assertThat(Environments.registry().spec("Acrobot-v1").rewardThreshold()).isEqualTo(-100.0);
        try (Environment env = Environments.make("Pendulum-v1")) {
            assertThat(env.actionSpace()).isEqualTo(Box.of(new float[] {-2}, new float[] {2}));
        }
        try (Environment env = Environments.make("Acrobot-v1")) {
            assertThat(env.actionSpace()).isEqualTo(new Discrete(3));
            assertThat(env.observationSpace().flatSize()).isEqualTo(6);
        }
    }

    @Test
    void cartPoleTruncatesAt500StepsWhenBalanced() {
        try (Environment env = Environments.make("CartPole-v1")) {
            float[] obs = env.reset(0).observation();
            StepResult r;
            int steps = 0;
            do {
                r = env.step(obs[2] + 0.5f * obs[3] > 0 ? 1 : 0);
                obs = r.observation();
                steps++;
            } while (!r.done());
            assertThat(steps).isEqualTo(500);
            assertThat(r.truncated()).isTrue();
        }
    }

    @Test
    void overridesChangeThePhysics() {
        Environment longPole = Environments.make("CartPole-v1 {length: 1.0, force_mag: 5}");
        CartPole cp = (CartPole) ((Wrapper) longPole).unwrapped();
        assertThat(cp.config().length()).isEqualTo(1.0);
        assertThat(cp.config().forceMag()).isEqualTo(5.0);
        Environment standard = Environments.make("CartPole-v1");
        longPole.reset(3);
        standard.reset(3);
        assertThat(longPole.step(1).observation()).isNotEqualTo(standard.step(1).observation());
        assertThat(((TimeLimit) Environments.make("CartPole-v1 {max_episode_steps: 50}")).maxEpisodeSteps()).isEqualTo(50);
    }

    @Test
    void badOverridesNameTheKeyValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> Environments.make("CartPole-v1 {lenght: 1.0}"))
                .hasMessageContaining("unknown key \"lenght\"").hasMessageContaining("length").hasMessageContaining("force_mag");
        assertThatThrownBy(() -> Environments.make("CartPole-v1 {length: -1}"))
                .hasMessageContaining("\"length\"").hasMessageContaining("-1.0");
        assertThatThrownBy(() -> Environments.make("CartPole-v1 {kinematics_integrator: rk4}"))
                .hasMessageContaining("rk4").hasMessageContaining("semi-implicit");
        assertThatThrownBy(() -> Environments.make("CartPole-v2"))
                .hasMessageContaining("CartPole-v1").hasMessageContaining("Pendulum-v1");
    }

    @Test
    void pendulumRejectsTorqueOutsideItsSpace() {
        try (Environment env = Environments.make("Pendulum-v1")) {
            env.reset(0);
            assertThatThrownBy(() -> env.step(new float[] {2.5f})).hasMessageContaining("[2.5]");
            assertThatThrownBy(() -> env.step(1)).hasMessageContaining("action 1");
        }
    }
}
