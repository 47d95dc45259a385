package dev.lorakit.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WrappersTest {

    @Test
    void timeLimitTruncatesAtTheLimitAndThenRequiresReset() {
        TimeLimit env = new TimeLimit(new LineWalk(100), 3);
        env.reset(0);
        assertThat(env.step(0).truncated()).isFalse();
        assertThat(env.step(0).truncated()).isFalse();
        StepResult last = env.step(0);
        assertThat(last.truncated()).isTrue();
        assertThat(last.terminated()).isFalse();
        assertThatThrownBy(() -> env.step(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("time limit of 3");
        env.reset();
        assertThat(env.elapsedSteps()).isZero();
        assertThat(env.step(1).truncated()).isFalse();
    }

    @Test
    void recordEpisodeStatisticsReportsReturnAndLengthAtTheEnd() {
        RecordEpisodeStatistics env = new RecordEpisodeStatistics(new LineWalk(3), 2);
        for (int episode = 0; episode < 3; episode++) {
            env.reset(episode);
            StepResult r;
            int steps = 0;
            double ret = 0;
            do {
                r = env.step(1);
                steps++;
                ret += r.reward();
                if (!r.done()) {
                    assertThat(r.info()).doesNotContainKey(RecordEpisodeStatistics.EPISODE);
                }
            } while (!r.done());
            @SuppressWarnings("unchecked")
            Map<String, Object> stats = (Map<String, Object>) r.info().get(RecordEpisodeStatistics.EPISODE);
            assertThat(stats.get("l")).isEqualTo(steps);
            assertThat((Double) stats.get("r")).isCloseTo(ret, within(1e-12));
        }
        assertThat(env.returns()).hasSize(2);
        assertThat(env.lengths()).hasSize(2);
    }

    @Test
    void frameStackRepeatsTheResetFrameThenShifts() {
        FrameStack env = new FrameStack(new LineWalk(10), 3);
        float start = env.reset(0).observation()[0];
        assertThat(env.reset(0).observation()).containsExactly(start, start, start);
        assertThat(env.step(1).observation()).containsExactly(start, start, start + 1);
        assertThat(env.step(1).observation()).containsExactly(start, start + 1, start + 2);
        assertThat(((Box) env.observationSpace()).shape()).containsExactly(3, 1);
        assertThat(env.observationSpace().flatSize()).isEqualTo(3);
    }

    @Test
    void normalizeObservationTracksRunningMeanAndVarianceAsGymnasium() {
        NormalizeObservation env = new NormalizeObservation(new LineWalk(100));
        float x0 = env.reset(0).observation()[0];
        env.step(1);
        env.step(1);
        // Three raw observations p, p+1, p+2 pooled with the prior (mean 0, var 1, count 1e-4).
        double p = new LineWalk(100).reset(0).observation()[0];
        double[] xs = {p, p + 1, p + 2};
        double count = 1e-4 + 3;
        double mean = (1e-4 * 0 + xs[0] + xs[1] + xs[2]) / count;
        double m2 = 1e-4 * 1 + 1e-4 * mean * mean;
        for (double x : xs) {
            m2 += (x - mean) * (x - mean);
        }
        assertThat(env.mean()[0]).isCloseTo(mean, within(1e-9));
        assertThat(env.variance()[0]).isCloseTo(m2 / count, within(1e-6));
        assertThat(x0).isFinite();
        env.setUpdating(false);
        double[] frozen = env.mean();
        env.step(1);
        assertThat(env.mean()).containsExactly(frozen);
    }

    @Test
    void wrapperChainFindsAndUnwraps() {
        LineWalk base = new LineWalk(5);
        Wrapper env = new RecordEpisodeStatistics(new TimeLimit(base, 4));
        assertThat(env.unwrapped()).isSameAs(base);
        assertThat(env.find(TimeLimit.class).maxEpisodeSteps()).isEqualTo(4);
        assertThat(env.find(FrameStack.class)).isNull();
    }
}
