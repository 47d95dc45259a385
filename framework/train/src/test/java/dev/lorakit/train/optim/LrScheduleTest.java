package dev.lorakit.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Values of transformers' get_*_schedule_with_warmup lambdas, worked out by hand. */
class LrScheduleTest {

    @Test
    void linearWarmsUpThenFallsToZero() {
        LrSchedule s = ScheduleConfig.of(ScheduleConfig.Type.LINEAR, 2).newSchedule(10);
        assertThat(s.multiplier(0)).isEqualTo(0.0);
        assertThat(s.multiplier(1)).isEqualTo(0.5);
        assertThat(s.multiplier(2)).isEqualTo(1.0);
        assertThat(s.multiplier(6)).isEqualTo(0.5);
        assertThat(s.multiplier(10)).isEqualTo(0.0);
        assertThat(s.multiplier(12)).isEqualTo(0.0);
    }

    @Test
    void cosineFollowsHalfACosine() {
        LrSchedule s = ScheduleConfig.of(ScheduleConfig.Type.COSINE, 2).newSchedule(10);
        assertThat(s.multiplier(1)).isEqualTo(0.5);
        assertThat(s.multiplier(2)).isEqualTo(1.0);
        assertThat(s.multiplier(4)).isCloseTo(0.5 * (1 + Math.cos(Math.PI * 0.25)), within(1e-12));
        assertThat(s.multiplier(6)).isCloseTo(0.5, within(1e-12));
        assertThat(s.multiplier(10)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void constantWithAndWithoutWarmup() {
        assertThat(ScheduleConfig.constant().newSchedule(0).multiplier(0)).isEqualTo(1.0);
        LrSchedule warm = ScheduleConfig.of(ScheduleConfig.Type.CONSTANT, 4).newSchedule(0);
        assertThat(warm.multiplier(1)).isEqualTo(0.25);
        assertThat(warm.multiplier(100)).isEqualTo(1.0);
    }

    @Test
    void decayingScheduleNeedsTheRunLength() {
        assertThatThrownBy(() -> ScheduleConfig.of(ScheduleConfig.Type.COSINE, 0).newSchedule(0))
                .hasMessageContaining("trainer.max_steps");
    }
}
