package dev.lorakit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientNormTest {

    @Test
    void isTheL2NormOfAllEntriesTogether() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.randomNormal(new Shape(7, 3));
            NDArray b = manager.randomNormal(new Shape(5));
            NDArray c = manager.randomNormal(new Shape(2, 2, 2));
            double squares = 0;
            for (NDArray x : List.of(a, b, c)) {
                for (float v : x.toFloatArray()) {
                    squares += (double) v * v;
                }
            }
            assertThat(GradientNorm.of(List.of(a, b, c))).isCloseTo(Math.sqrt(squares), within(1e-5 * Math.sqrt(squares)));
            assertThat(GradientNorm.of(List.of(manager.create(new float[] {3, 4})))).isEqualTo(5.0);
        }
    }

    @Test
    void nonFiniteGradientsGiveANonFiniteNorm() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray fine = manager.ones(new Shape(3));
            assertThat(GradientNorm.of(List.of(fine, manager.create(new float[] {1, Float.NaN})))).isNaN();
            assertThat(GradientNorm.of(List.of(fine, manager.create(new float[] {Float.POSITIVE_INFINITY})))).isInfinite();
            assertThatThrownBy(() -> GradientNorm.of(List.of())).hasMessageContaining("no gradients");
        }
    }
}
