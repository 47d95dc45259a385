package dev.lorakit.env.classic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.env.AbstractEnvironment;
import dev.lorakit.env.Environment;
import dev.lorakit.env.StepResult;
import dev.lorakit.env.Wrapper;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java environments against trajectories recorded from Gymnasium 1.3.0 / numpy 2.4.6 on
 * glibc 2.36, x86-64 ({@code src/test/python/record_golden.py}).
 *
 * <p>{@code sin} and {@code cos} are glibc's bit for bit ({@link GlibcTrig}), so whole episodes
 * are bit-identical: states, observations, flags and rewards at every step. The one remaining
 * source of difference is Gymnasium's scalar {@code x**2}, which calls glibc's {@code pow}
 * ({@code powf} for float32), not correctly rounded in about 0.08% of calls, where Java
 * multiplies. It reaches Pendulum's reward only (its {@code u**2} float32 term: within 5e-10) and,
 * through {@code dtheta**2} in the dynamics, the Acrobot state in two recorded episodes at one
 * known step each ({@link #POW_ROUNDING}); there the test checks that the difference comes from
 * that single step (stepping from Gymnasium's own previous state differs too) and stops.
 */
class GymnasiumIdentityTest {

    /** Acrobot episodes and the step where Gymnasium's {@code pow(dtheta, 2)} is not dtheta*dtheta. */
    private static final Map<String, Integer> POW_ROUNDING = Map.of("Acrobot-v1_seed3", 20, "Acrobot-v1_long_seed8", 875);
    private static final double REWARD_TOLERANCE = 5e-10;

    static Stream<String> goldenFiles() {
        return GoldenTrajectory.NAMES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void sameSeedGivesGymnasiumsInitialStateAndObservation(String name) {
        GoldenTrajectory g = GoldenTrajectory.load(name);
        try (Environment env = g.make()) {
            float[] first = env.reset(g.seed()).observation();
            assertThat(GoldenTrajectory.stateOf(env)).as("%s initial state", name).containsExactly(g.resetState());
            assertThat(first).as("%s reset observation", name).containsExactly(g.resetObservation());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void wholeEpisodeIsBitIdentical(String name) {
        GoldenTrajectory g = GoldenTrajectory.load(name);
        int powStep = POW_ROUNDING.getOrDefault(name, -1);
        try (Environment env = g.make()) {
            env.reset(g.seed());
            for (int i = 0; i < g.steps(); i++) {
                StepResult r = g.step(env, i);
                String at = g.name() + " step " + i;
                if (i == powStep) {
                    assertThat(GoldenTrajectory.stateOf(env)).as("%s state (pow rounding expected)", at)
                            .isNotEqualTo(g.state(i));
                    assertThat(singleStepFromGymnasiumsState(g, i).state()).as("%s single step", at)
                            .isNotEqualTo(g.state(i));
                    return;
                }
                assertThat(GoldenTrajectory.stateOf(env)).as("%s state", at).containsExactly(g.state(i));
                assertThat(r.observation()).as("%s observation", at).containsExactly(g.observation(i));
                assertReward(name, r.reward(), g.reward(i), at);
                assertThat(r.terminated()).as("%s terminated", at).isEqualTo(g.terminated(i));
                assertThat(r.truncated()).as("%s truncated", at).isEqualTo(g.truncated(i));
            }
            assertThat(powStep).as("%s ran to its end", name).isEqualTo(-1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void everyStepFromGymnasiumsStateMatches(String name) {
        GoldenTrajectory g = GoldenTrajectory.load(name);
        int powStep = POW_ROUNDING.getOrDefault(name, -1);
        for (int i = 0; i < g.steps(); i++) {
            String at = g.name() + " step " + i;
            Step s = singleStepFromGymnasiumsState(g, i);
            if (i != powStep) {
                assertThat(s.state()).as("%s state", at).containsExactly(g.state(i));
                assertThat(s.result().observation()).as("%s observation", at).containsExactly(g.observation(i));
            }
            assertReward(name, s.result().reward(), g.reward(i), at);
            assertThat(s.result().terminated()).as("%s terminated", at).isEqualTo(g.terminated(i));
        }
    }

    private record Step(StepResult result, double[] state) {}

    private static Step singleStepFromGymnasiumsState(GoldenTrajectory g, int i) {
        try (Environment env = g.make()) {
            env.reset(g.seed());
            AbstractEnvironment base = (AbstractEnvironment) ((Wrapper) env).unwrapped();
            base.resetTo(i == 0 ? g.resetState() : g.state(i - 1));
            StepResult r = g.step(base, i);
            return new Step(r, GoldenTrajectory.stateOf(env));
        }
    }

    private static void assertReward(String name, double actual, double expected, String at) {
        if (name.startsWith("Pendulum")) {
            assertThat(Math.abs(actual - expected)).as("%s reward %s vs %s", at, actual, expected)
                    .isLessThanOrEqualTo(REWARD_TOLERANCE);
        } else {
            assertThat(actual).as("%s reward", at).isEqualTo(expected);
        }
    }
}
