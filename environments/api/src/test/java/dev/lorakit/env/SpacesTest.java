package dev.lorakit.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpacesTest {

    @Test
    void boxSamplesInsideFiniteBoundsAndRejectsOutside() {
        Box box = Box.of(new float[] {-1, 0}, new float[] {1, 0.5f});
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            assertThat(box.contains(box.sample(rng))).isTrue();
        }
        assertThat(box.contains(new float[] {0, 0.6f})).isFalse();
        assertThat(box.contains(new float[] {Float.NaN, 0})).isFalse();
        assertThat(box.contains(new float[] {0})).isFalse();
        assertThat(box.containsValue(new int[] {0, 0})).isFalse();
        assertThat(box.flatSize()).isEqualTo(2);
    }

    @Test
    void boxSamplesUnboundedAndHalfBoundedElementsLikeGymnasium() {
        Box box = new Box(new double[] {Double.NEGATIVE_INFINITY, 2, Double.NEGATIVE_INFINITY},
                new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, -3}, new int[] {3}, DType.FLOAT32);
        SplittableRandom rng = new SplittableRandom(2);
        double sum = 0;
        for (int i = 0; i < 2000; i++) {
            float[] x = box.sample(rng);
            assertThat(x[1]).isGreaterThanOrEqualTo(2f);
            assertThat(x[2]).isLessThanOrEqualTo(-3f);
            sum += x[0];
        }
        assertThat(sum / 2000).isBetween(-0.1, 0.1);
    }

    @Test
    void integerBoxContainsOnlyIntegers() {
        Box box = new Box(new double[] {0}, new double[] {255}, new int[] {1}, DType.UINT8);
        assertThat(box.contains(new float[] {3})).isTrue();
        assertThat(box.contains(new float[] {3.5f})).isFalse();
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            assertThat(box.contains(box.sample(rng))).isTrue();
        }
    }

    @Test
    void boxRejectsInconsistentBounds() {
        assertThatThrownBy(() -> new Box(new double[] {1}, new double[] {0}, new int[] {1}, DType.FLOAT32))
                .hasMessageContaining("low=1.0").hasMessageContaining("high=0.0");
        assertThatThrownBy(() -> new Box(new double[] {0, 0}, new double[] {1, 1}, new int[] {3}, DType.FLOAT32))
                .hasMessageContaining("shape [3]");
    }

    @Test
    void discreteAndMultiDiscrete() {
        Discrete d = new Discrete(3, 1);
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < 100; i++) {
            assertThat(d.sample(rng)).isBetween(1, 3);
        }
        assertThat(d.contains(0)).isFalse();
        assertThat(d.contains(3)).isTrue();
        assertThat(d.contains(4)).isFalse();
        assertThat(d.containsValue(2)).isTrue();
        assertThat(d.containsValue(2.0f)).isFalse();
        assertThatThrownBy(() -> new Discrete(0)).hasMessageContaining("got 0");

        MultiDiscrete m = new MultiDiscrete(2, 5);
        assertThat(m.contains(m.sample(rng))).isTrue();
        assertThat(m.contains(new int[] {1, 5})).isFalse();
        assertThat(m.contains(new int[] {1})).isFalse();
        assertThatThrownBy(() -> new MultiDiscrete(2, 0)).hasMessageContaining("nvec[1]");
    }
}
