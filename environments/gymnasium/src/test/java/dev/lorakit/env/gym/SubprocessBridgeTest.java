package dev.lorakit.env.gym;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.env.Box;
import dev.lorakit.env.Discrete;
import dev.lorakit.env.Environment;
import dev.lorakit.env.Environments;
import dev.lorakit.env.StepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The subprocess transport with the real Gymnasium (installed by .ci/run from requirements.txt). */
class SubprocessBridgeTest {

    @Test
    void drivesAPythonEnvironmentThroughTheEnvironmentInterface() {
        try (GymnasiumEnvironment env = BridgeFixtures.subprocess("Acrobot-v1").build()) {
            assertThat(env.id()).isEqualTo("gymnasium:Acrobot-v1");
            assertThat(env.actionSpace()).isEqualTo(new Discrete(3));
            assertThat(env.observationSpace().flatSize()).isEqualTo(6);
            assertThat(env.metadata().get("max_episode_steps").asInt()).isEqualTo(500);
            assertThat(env.metadata().get("gymnasium").asText()).isNotBlank();
            assertThat(env.transportDescription()).startsWith("subprocess");
            float[] obs = env.reset(0).observation();
            assertThat(obs).hasSize(6);
            StepResult r = env.step(2);
            assertThat(r.reward()).isEqualTo(-1.0);
            assertThat(env.observationSpace().containsValue(r.observation())).isTrue();
            // Made without render_mode: the error says how to fix it.
            assertThatThrownBy(env::render).isInstanceOf(PythonBridgeException.class).hasMessageContaining("render_mode");
        }
    }

    @Test
    void continuousActionsCrossTheBridge() {
        try (GymnasiumEnvironment env = BridgeFixtures.subprocess("Pendulum-v1").build()) {
            assertThat(env.actionSpace()).isEqualTo(Box.of(new float[] {-2}, new float[] {2}));
            env.reset(3);
            StepResult r = env.step(new float[] {1.5f});
            assertThat(r.observation()).hasSize(3);
            assertThat(r.reward()).isNegative();
            assertThatThrownBy(() -> env.step(new float[] {3f})).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[3.0]");
        }
    }

    @Test
    void discreteObservationsAndMultiDiscreteActionsCrossTheBridge() {
        try (GymnasiumEnvironment lake = BridgeFixtures.subprocess("FrozenLake-v1").optKwargs(java.util.Map.of("is_slippery", false))
                .build()) {
            assertThat(lake.observationSpace()).isEqualTo(new Discrete(16));
            assertThat(lake.reset(0).observation()).containsExactly(0f);
            assertThat(lake.step(2).observation()).containsExactly(1f);  // right: state 0 -> 1
        }
        Path py = Path.of("target", "test-classes", "py").toAbsolutePath();
        try (GymnasiumEnvironment multi = BridgeFixtures.subprocess("lorakit_test_envs:MultiEnv-v0")
                .optEnvironment(java.util.Map.of("PYTHONPATH", py.toString())).build()) {
            assertThat(multi.actionSpace()).isEqualTo(new dev.lorakit.env.MultiDiscrete(2, 3, 4));
            multi.reset(0);
            StepResult r = multi.step(new int[] {1, 2, 3});
            assertThat(r.observation()).containsExactly(1f, 2f, 3f);
            assertThat(r.reward()).isEqualTo(6.0);
            assertThatThrownBy(() -> multi.step(new int[] {2, 0, 0})).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void registryPrefixPassesOverridesAsMakeKeywords() {
        try (Environment env = Environments.make("gymnasium:MountainCar-v0 {max_episode_steps: 5}")) {
            env.reset(0);
            StepResult r = null;
            for (int i = 0; i < 5; i++) {
                r = env.step(1);
            }
            assertThat(r.truncated()).isTrue();
            assertThatThrownBy(() -> env.step(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("reset()");
        }
    }

    @Test
    void pythonMissingIsAClearError() {
        assertThatThrownBy(() -> BridgeFixtures.subprocess("CartPole-v1").optPython("/nonexistent/python3").build())
                .isInstanceOf(PythonBridgeException.class)
                .hasMessageContaining("Cannot start Python \"/nonexistent/python3\"").hasMessageContaining("LORAKIT_PYTHON");
    }

    @Test
    void gymnasiumMissingIsAClearError() {
        // Debian's system Python has numpy-free, Gymnasium-free site-packages on these machines.
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs /usr/bin/python3");
        assertThatThrownBy(() -> BridgeFixtures.subprocess("CartPole-v1").optPython("/usr/bin/python3").build())
                .isInstanceOf(PythonBridgeException.class)
                .hasMessageContaining("gymnasium is not installed for /usr/bin/python3")
                .hasMessageContaining("pip install gymnasium");
    }

    @Test
    void unknownIdCarriesGymnasiumsMessage() {
        assertThatThrownBy(() -> BridgeFixtures.subprocess("NoSuchEnv-v0").build())
                .isInstanceOf(PythonBridgeException.class)
                .hasMessageContaining("Gymnasium cannot make \"NoSuchEnv-v0\"")
                .hasMessageContaining("NoSuchEnv")
                .satisfies(e -> assertThat(((PythonBridgeException) e).pythonType()).startsWith("gymnasium.error."));
    }

    @Test
    void exceptionInsideTheEnvironmentCarriesThePythonTracebackAndInfoSurvives() {
        try (GymnasiumEnvironment env = BridgeFixtures.broken(Duration.ofSeconds(60)).build()) {
            // reset() prints to stdout in Python: the frame stream must not notice.
            assertThat(env.reset(0).info()).containsEntry("note", "hello");
            StepResult ok = env.step(0);
            assertThat(ok.observation()).containsExactly(1f, 1f);
            assertThat(ok.info()).containsEntry("count", 3);
            assertThatThrownBy(() -> env.step(1))
                    .isInstanceOf(PythonBridgeException.class)
                    .hasMessageContaining("builtins.ValueError: boom from inside the env")
                    .hasMessageContaining("Traceback (most recent call last)")
                    .hasMessageContaining("in _explode")
                    .satisfies(e -> assertThat(((PythonBridgeException) e).pythonTraceback()).contains("lorakit_test_envs.py"));
            // The process survives a Python exception.
            assertThat(env.step(0).reward()).isEqualTo(0.5);
        }
    }

    @Test
    void dyingProcessIsAnExceptionWithItsExitCode() {
        try (GymnasiumEnvironment env = BridgeFixtures.broken(Duration.ofSeconds(60)).build()) {
            env.reset(0);
            assertThatThrownBy(() -> env.step(2))
                    .isInstanceOf(PythonBridgeException.class)
                    .hasMessageContaining("The Python process died")
                    .hasMessageContaining("exit code 3")
                    .hasMessageContaining("stray output on stdout");
            assertThatThrownBy(() -> env.step(0)).hasMessageContaining("closed");
        }
    }

    @Test
    void hangingProcessTimesOutAndIsKilled() {
        try (GymnasiumEnvironment env = BridgeFixtures.broken(Duration.ofSeconds(2)).build()) {
            env.reset(0);
            long start = System.nanoTime();
            assertThatThrownBy(() -> env.step(3))
                    .isInstanceOf(PythonBridgeException.class)
                    .hasMessageContaining("did not answer within 2000 ms");
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
        }
    }

    @Test
    void closeEndsThePythonProcess() {
        SubprocessTransport t = new SubprocessTransport("python3", java.util.Map.of(), Duration.ofSeconds(30));
        assertThat(t.isAlive()).isTrue();
        t.close();
        assertThat(t.isAlive()).isFalse();
        assertThatThrownBy(() -> t.exchange(new byte[] {Protocol.OP_RESET}, Duration.ofSeconds(5))).hasMessageContaining("closed");
    }
}
