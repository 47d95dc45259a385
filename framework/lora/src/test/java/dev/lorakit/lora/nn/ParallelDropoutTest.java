package dev.lorakit.lora.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.lorakit.lora.ndarray.DirectMemoryChurn;
import org.junit.jupiter.api.Test;

class ParallelDropoutTest {

    private static final float RATE = 0.1f;
    private static final float KEEP = 1f / 0.9f;

    @Test
    void dropsAtTheRateAndScalesTheRest() {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 1 << 21; // parallel path, many chunks
            NDArray x = m.randomUniform(1f, 2f, new Shape(n));
            float[] in = x.toFloatArray();
            float[] out = ParallelDropout.apply(x, RATE, true).toFloatArray();
            int dropped = 0;
            for (int i = 0; i < n; i++) {
                if (out[i] == 0f) {
                    dropped++;
                } else {
                    assertThat(out[i]).isCloseTo(in[i] * KEEP, within(1e-6f));
                }
            }
            // Binomial(n, 0.1): standard deviation sqrt(n * 0.09) ~ 434; 6 of them.
            assertThat((double) dropped).isCloseTo(n * 0.1, within(6 * Math.sqrt(n * 0.09)));
        }
    }

    @Test
    void neighboursAndPairHalvesAreIndependent() {
        // Two 32-bit numbers come from each 64-bit output: both halves, and neighbours across
        // pairs, must drop together at p^2, not more often.
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 1 << 22;
            float[] mask = ParallelDropout.mask(m, new Shape(n), 0.5f, 42).toFloatArray();
            long sameHalf = 0;
            long acrossPairs = 0;
            for (int i = 0; i + 2 < n; i += 2) {
                sameHalf += mask[i] == 0f && mask[i + 1] == 0f ? 1 : 0;
                acrossPairs += mask[i + 1] == 0f && mask[i + 2] == 0f ? 1 : 0;
            }
            double pairs = n / 2.0;
            double sd = Math.sqrt(pairs * 0.25 * 0.75);
            assertThat((double) sameHalf).isCloseTo(pairs * 0.25, within(6 * sd));
            assertThat((double) acrossPairs).isCloseTo(pairs * 0.25, within(6 * sd));
        }
    }

    @Test
    void theMaskDependsOnTheSeedOnlyNotOnThreads() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 3 chunks + a tail, odd length: the same elements as a serial fill of the prefix.
            int n = 3 * 65536 + 7;
            float[] big = ParallelDropout.mask(m, new Shape(n), RATE, 7).toFloatArray();
            float[] small = ParallelDropout.mask(m, new Shape(1001), RATE, 7).toFloatArray();
            for (int i = 0; i < small.length; i++) {
                assertThat(big[i]).isEqualTo(small[i]);
            }
            float[] other = ParallelDropout.mask(m, new Shape(1001), RATE, 8).toFloatArray();
            assertThat(other).isNotEqualTo(small);
        }
    }

    @Test
    void theEngineSeedMakesRunsReproducibleAndCallsDiffer() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(4096));
            Engine.getInstance().setRandomSeed(3);
            float[] first = ParallelDropout.apply(x, RATE, true).toFloatArray();
            float[] second = ParallelDropout.apply(x, RATE, true).toFloatArray();
            Engine.getInstance().setRandomSeed(3);
            float[] again = ParallelDropout.apply(x, RATE, true).toFloatArray();
            assertThat(again).containsExactly(first);
            assertThat(second).isNotEqualTo(first);
        }
    }

    @Test
    void gradientIsTheMaskEvenWhenJavaMemoryIsReused() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(64, 384));
            x.setRequiresGradient(true);
            float[] forward;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray y = ParallelDropout.apply(x, RATE, true);
                forward = y.toFloatArray();
                // The mask's Java handle is closed; backward must read libtorch-owned memory.
                DirectMemoryChurn.run();
                c.backward(y.sum());
            }
            float[] in = x.toFloatArray();
            float[] grad = x.getGradient().toFloatArray();
            for (int i = 0; i < grad.length; i++) {
                float expected = forward[i] == 0f && in[i] != 0f ? 0f : KEEP;
                assertThat(grad[i]).as("gradient %d", i).isEqualTo(expected);
            }
        }
    }

    @Test
    void outsideTrainingItIsTheIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(8, 8));
            ParallelDropout block = new ParallelDropout(0.5f);
            block.initialize(m, DataType.FLOAT32, x.getShape());
            NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), false).head();
            assertThat(y.toFloatArray()).containsExactly(x.toFloatArray());
            assertThat(ParallelDropout.apply(x, 0f, true)).isSameAs(x);
        }
    }

    @Test
    void otherTypesFallBackToTheEnginesDropout() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(10000), DataType.FLOAT64);
            double[] out = ParallelDropout.apply(x, 0.5f, true).toDoubleArray();
            long zeros = java.util.Arrays.stream(out).filter(v -> v == 0).count();
            assertThat(zeros).isBetween(4000L, 6000L);
            assertThat(java.util.Arrays.stream(out).filter(v -> v != 0)).allMatch(v -> v == 2.0);
        }
    }

    @Test
    void rejectsRatesOutsideZeroToOne() {
        assertThatThrownBy(() -> new ParallelDropout(1f)).hasMessageContaining("[0, 1)").hasMessageContaining("1.0");
        assertThatThrownBy(() -> new ParallelDropout(-0.1f)).hasMessageContaining("-0.1");
        assertThatThrownBy(() -> new ParallelDropout(Float.NaN)).hasMessageContaining("NaN");
    }
}
