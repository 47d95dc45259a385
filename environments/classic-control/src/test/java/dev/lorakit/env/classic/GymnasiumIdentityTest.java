package dev.lorakit.env.classic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.env.AbstractEnvironment;
import dev.lorakit.env.Environment;
import dev.lorakit.env.StepResult;
import dev.lorakit.env.Wrapper;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java environments against trajectories recorded from Gymnasium 1.3.0 / numpy 2.4.6 on
 * glibc 2.36, x86-64 ({@code src/test/python/record_golden.py}).
 *
 * <p>Gymnasium's {@code sin}, {@code cos} and scalar {@code x**2} are glibc's, not correctly
 * rounded; the Java side computes them as glibc does ({@link GlibcTrig}, {@link GlibcPow}), so
 * every episode is bit-identical to its end: states, observations, rewards and flags at every
 * step, both when the Java environment runs on its own from the seed and when each step starts
 * from Gymnasium's recorded state.
 */
class GymnasiumIdentityTest {

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
        try (Environment env = g.make()) {
            env.reset(g.seed());
            for (int i = 0; i < g.steps(); i++) {
                StepResult r = g.step(env, i);
                String at = g.name() + " step " + i;
                assertThat(GoldenTrajectory.stateOf(env)).as("%s state", at).containsExactly(g.state(i));
                assertThat(r.observation()).as("%s observation", at).containsExactly(g.observation(i));
                assertThat(r.reward()).as("%s reward", at).isEqualTo(g.reward(i));
                assertThat(r.terminated()).as("%s terminated", at).isEqualTo(g.terminated(i));
                assertThat(r.truncated()).as("%s truncated", at).isEqualTo(g.truncated(i));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void everyStepFromGymnasiumsStateMatches(String name) {
        GoldenTrajectory g = GoldenTrajectory.load(name);
        for (int i = 0; i < g.steps(); i++) {
            String at = g.name() + " step " + i;
            Step s = singleStepFromGymnasiumsState(g, i);
            assertThat(s.state()).as("%s state", at).containsExactly(g.state(i));
            assertThat(s.result().observation()).as("%s observation", at).containsExactly(g.observation(i));
            assertThat(s.result().reward()).as("%s reward", at).isEqualTo(g.reward(i));
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
}
