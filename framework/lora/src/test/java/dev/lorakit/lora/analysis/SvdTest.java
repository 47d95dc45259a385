package dev.lorakit.lora.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.types.Shape;
import dev.lorakit.lora.io.Safetensors;
import dev.lorakit.lora.io.TensorData;
import dev.lorakit.lora.peft.PeftFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SvdTest {

    @TempDir Path dir;

    @Test
    void decompositionReconstructsWithOrthonormalFactorsForTallAndWideMatrices() {
        Random rng = new Random(3);
        for (int[] shape : new int[][] {{9, 4}, {4, 9}, {7, 7}}) {
            double[] d = new double[shape[0] * shape[1]];
            for (int i = 0; i < d.length; i++) {
                d[i] = rng.nextGaussian();
            }
            DenseMatrix a = new DenseMatrix(shape[0], shape[1], d);
            Svd svd = Svd.of(a);
            int k = Math.min(shape[0], shape[1]);
            double[] us = svd.u().data().clone();
            for (int i = 0; i < a.rows(); i++) {
                for (int c = 0; c < k; c++) {
                    us[i * k + c] *= svd.s()[c];
                }
            }
            DenseMatrix back = new DenseMatrix(a.rows(), k, us).times(svd.v().transpose());
            assertThat(back.plusScaled(-1, a).frobenius()).isLessThan(1e-10);
            assertThat(svd.u().transpose().times(svd.u()).plusScaled(-1, identity(k)).frobenius()).isLessThan(1e-10);
            assertThat(svd.v().transpose().times(svd.v()).plusScaled(-1, identity(k)).frobenius()).isLessThan(1e-10);
            for (int i = 1; i < k; i++) {
                assertThat(svd.s()[i]).isLessThanOrEqualTo(svd.s()[i - 1]);
            }
            // Frobenius norm equals the singular values' 2-norm.
            assertThat(svd.truncationError(0)).isCloseTo(a.frobenius(), within(1e-10));
        }
    }

    @Test
    void plantedRankOfAnAdapterIsFoundWithZeroResidualAndHigherRanksAreNot() throws Exception {
        // A PEFT folder with r = 6 whose ΔW has true rank 3: B's last three columns are zero.
        int out = 12;
        int in = 10;
        int r = 6;
        int planted = 3;
        Random rng = new Random(11);
        float[] a = new float[r * in];
        float[] b = new float[out * r];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < out; i++) {
            for (int j = 0; j < planted; j++) {
                b[i * r + j] = (float) rng.nextGaussian();
            }
        }
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put(PeftFormat.KEY_PREFIX + "fc.lora_A.weight", TensorData.ofFloats(new Shape(r, in), a));
        tensors.put(PeftFormat.KEY_PREFIX + "fc.lora_B.weight", TensorData.ofFloats(new Shape(out, r), b));
        Safetensors.writeRaw(dir.resolve(PeftFormat.WEIGHTS_FILE), tensors, Map.of());
        Files.writeString(dir.resolve(PeftFormat.CONFIG_FILE), "{\"peft_type\":\"LORA\",\"r\":6,\"lora_alpha\":12,\"target_modules\":[\"fc\"]}");

        List<LayerDelta> deltas = AdapterDeltas.read(dir, AdapterDeltas.layers("fc"));
        assertThat(deltas).hasSize(1);
        LayerAnalysis at3 = LayerAnalysis.of(deltas.get(0), null, planted);
        assertThat(at3.deltaSvd().numericalRank()).isEqualTo(planted);
        assertThat(at3.truncationResidual()).isLessThan(1e-12);
        assertThat(LayerAnalysis.of(deltas.get(0), null, planted - 1).truncationResidual()).isGreaterThan(1e-3);
        assertThat(at3.baseNorm()).isEmpty();
        assertThat(at3.formatRow(4)).contains("unknown");
    }

    @Test
    void deltaInsideTheBaseTopSubspaceCountsFullyAndOrthogonalDeltaCountsZero() {
        // W = diag(5, 4, 3, 2, 1): its top-2 subspace is spanned by e1, e2.
        double[] w = new double[25];
        for (int i = 0; i < 5; i++) {
            w[i * 5 + i] = 5 - i;
        }
        Spectrum base = Spectrum.of(new DenseMatrix(5, 5, w), 2);
        double[] inside = new double[25];
        inside[1] = 0.7; // entry (0, 1)
        double[] outside = new double[25];
        outside[3 * 5 + 4] = 0.7; // entry (3, 4)
        assertThat(LayerAnalysis.subspaceFraction(base.u(), base.v(), new DenseMatrix(5, 5, inside))).isCloseTo(1, within(1e-12));
        assertThat(LayerAnalysis.subspaceFraction(base.u(), base.v(), new DenseMatrix(5, 5, outside))).isCloseTo(0, within(1e-12));
    }

    @Test
    void productOfFactorsDecomposesExactlyAsTheFormedMatrix() {
        Random rng = new Random(8);
        for (int[] shape : new int[][] {{40, 3, 25}, {7, 5, 30}, {30, 4, 4}}) {
            DenseMatrix left = gaussian(rng, shape[0], shape[1]);
            DenseMatrix right = gaussian(rng, shape[1], shape[2]);
            DenseMatrix product = left.times(right);
            Svd factored = Svd.ofProduct(left, right);
            Svd jacobi = Svd.of(product);
            int k = shape[1];
            assertThat(factored.s()).hasSize(k);
            for (int i = 0; i < k; i++) {
                assertThat(factored.s()[i]).isCloseTo(jacobi.s()[i], within(1e-10 * jacobi.s()[0]));
            }
            double[] us = factored.u().data().clone();
            for (int i = 0; i < product.rows(); i++) {
                for (int c = 0; c < k; c++) {
                    us[i * k + c] *= factored.s()[c];
                }
            }
            DenseMatrix back = new DenseMatrix(product.rows(), k, us).times(factored.v().transpose());
            assertThat(back.plusScaled(-1, product).frobenius()).isLessThan(1e-10 * product.frobenius());
            assertThat(factored.u().transpose().times(factored.u()).plusScaled(-1, identity(k)).frobenius()).isLessThan(1e-10);
            assertThat(factored.v().transpose().times(factored.v()).plusScaled(-1, identity(k)).frobenius()).isLessThan(1e-10);
        }
        // A zero column in the left factor: rank 2 of 3, found exactly.
        DenseMatrix left = gaussian(rng, 20, 3);
        for (int i = 0; i < 20; i++) {
            left.data()[i * 3 + 1] = 0;
        }
        Svd deficient = Svd.ofProduct(left, gaussian(rng, 3, 15));
        assertThat(deficient.numericalRank()).isEqualTo(2);
        assertThat(deficient.s()[2]).isLessThan(1e-12 * deficient.s()[0]);
    }

    private static DenseMatrix gaussian(Random rng, int rows, int cols) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextGaussian();
        }
        return new DenseMatrix(rows, cols, d);
    }

    private static DenseMatrix identity(int k) {
        double[] d = new double[k * k];
        for (int i = 0; i < k; i++) {
            d[i * k + i] = 1;
        }
        return new DenseMatrix(k, k, d);
    }
}
