package dev.lorakit.lora.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SpectrumTest {

    @Test
    void valuesAndTopVectorsMatchTheJacobiSvdForTallWideAndSquareMatrices() {
        Random rng = new Random(21);
        for (int[] shape : new int[][] {{30, 12}, {12, 30}, {25, 25}, {1, 6}, {6, 1}}) {
            DenseMatrix a = gaussian(rng, shape[0], shape[1]);
            int k = Math.min(shape[0], shape[1]);
            int r = Math.min(4, k);
            Spectrum fast = Spectrum.of(a, r);
            Svd jacobi = Svd.of(a);
            assertThat(fast.s()).hasSize(k);
            for (int i = 0; i < k; i++) {
                assertThat(fast.s()[i]).as("s[%d] of %dx%d", i, shape[0], shape[1])
                        .isCloseTo(jacobi.s()[i], within(1e-11 * jacobi.s()[0]));
            }
            for (int c = 0; c < r; c++) {
                // Same singular pair up to sign: |u·u'| = |v·v'| = 1 and u, v signs agree.
                double uDot = dot(fast.u(), jacobi.u(), c);
                double vDot = dot(fast.v(), jacobi.v(), c);
                assertThat(Math.abs(uDot)).isCloseTo(1, within(1e-8));
                assertThat(uDot * vDot).isCloseTo(1, within(1e-8));
            }
        }
    }

    @Test
    void smallAndZeroSingularValuesKeepTheirSize() {
        // diag(1, 1e-6, 1e-12, 0) rotated by orthogonal matrices from a Jacobi SVD of a random matrix.
        Random rng = new Random(4);
        Svd q = Svd.of(gaussian(rng, 4, 4));
        double[] planted = {1, 1e-6, 1e-12, 0};
        double[] us = q.u().data().clone();
        for (int i = 0; i < 4; i++) {
            for (int c = 0; c < 4; c++) {
                us[i * 4 + c] *= planted[c];
            }
        }
        DenseMatrix a = new DenseMatrix(4, 4, us).times(q.v().transpose());
        Spectrum s = Spectrum.of(a, 1);
        assertThat(s.s()[0]).isCloseTo(1, within(1e-14));
        assertThat(s.s()[1]).isCloseTo(1e-6, within(1e-14));
        assertThat(s.s()[2]).isLessThan(1e-11);
        assertThat(s.s()[3]).isLessThan(1e-11);
    }

    private static double dot(DenseMatrix a, DenseMatrix b, int column) {
        double acc = 0;
        for (int i = 0; i < a.rows(); i++) {
            acc += a.get(i, column) * b.get(i, column);
        }
        return acc;
    }

    private static DenseMatrix gaussian(Random rng, int rows, int cols) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextGaussian();
        }
        return new DenseMatrix(rows, cols, d);
    }
}
