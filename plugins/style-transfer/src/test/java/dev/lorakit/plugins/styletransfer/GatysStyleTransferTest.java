package dev.lorakit.plugins.styletransfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lorakit.lora.ndarray.DirectMemoryChurn;
import dev.lorakit.zoo.vision.Images;
import dev.lorakit.zoo.vision.Vgg19;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatysStyleTransferTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        ai.djl.engine.Engine.getInstance().setRandomSeed(3);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void gramMatrixMatchesHandComputation() {
        // One image, 2 channels, 1x2 maps: F = [[1, 2], [3, 4]]; G = F Fᵀ / (2*2) = [[5, 11], [11, 25]] / 4.
        NDArray f = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 2, 1, 2));
        assertThat(StyleLosses.gram(f).toFloatArray()).containsExactly(1.25f, 2.75f, 2.75f, 6.25f);
        assertThatThrownBy(() -> StyleLosses.gram(manager.zeros(new Shape(2, 2)))).hasMessageContaining("(N, C, H, W)");
    }

    @Test
    void gramGradientIgnoresGarbageCollectionBetweenForwardAndBackward() {
        // The Gram matrix's division used DJL's number operand, freed before backward (ScalarOps).
        for (int i = 0; i < 3; i++) {
            NDArray f = manager.create(new float[] {1f, 2f, 0.5f, -1f, 3f, 0f, 2f, 1f}, new Shape(1, 2, 2, 2));
            f.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = StyleLosses.gram(f).sum();
                DirectMemoryChurn.run();
                collector.backward(value);
            }
            // sum(F Fᵀ / (C H W)) = |s|² / 8 with s the channel sum per position: d/dF = 2 s / 8 for each channel.
            assertThat(f.getGradient().toFloatArray())
                    .containsExactly(1f, 0.5f, 0.625f, 0f, 1f, 0.5f, 0.625f, 0f);
        }
    }

    @Test
    void totalVariationOfARampAndAFlatImage() {
        // Horizontal ramp 0,1,2 in every row of a 3x3 image: dx = 1 everywhere, dy = 0.
        NDArray ramp = manager.create(new float[] {0, 1, 2, 0, 1, 2, 0, 1, 2}, new Shape(1, 1, 3, 3));
        assertThat(StyleLosses.totalVariation(ramp).getFloat()).isEqualTo(1f);
        assertThat(StyleLosses.totalVariation(manager.ones(new Shape(1, 3, 4, 4))).getFloat()).isZero();
        assertThat(StyleLosses.content(ramp, ramp.add(2)).getFloat()).isCloseTo(4f, offset(1e-6f));
    }

    @Test
    void optimisationLowersTheLossAndWritesAPicture(@TempDir Path tmp) throws Exception {
        Vgg19 vgg = Vgg19.builder().optWidthDivisor(16).build();
        vgg.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        NDArray content = manager.randomUniform(0.3f, 0.7f, new Shape(1, 3, 32, 32));
        NDArray style = manager.randomUniform(0f, 1f, new Shape(1, 3, 32, 32));
        GatysStyleTransfer gatys = GatysStyleTransfer.builder().setLossNetwork(vgg).optIterations(15).optLearningRate(0.05f).build();
        GatysStyleTransfer.Result r = gatys.stylize(content, style);
        double[] l = r.losses();
        assertThat(l).hasSize(15);
        assertThat(java.util.Arrays.stream(l).allMatch(Double::isFinite)).as("finite losses %s", java.util.Arrays.toString(l)).isTrue();
        assertThat(l[l.length - 1]).isLessThan(0.7 * l[0]);
        assertThat(r.image().getShape()).isEqualTo(new Shape(1, 3, 32, 32));
        assertThat(r.image().min().getFloat()).isGreaterThanOrEqualTo(0f);
        assertThat(r.image().max().getFloat()).isLessThanOrEqualTo(1f);
        assertThat(r.image().hasGradient()).isFalse();
        // The parts measured before (the content picture) and after (the clipped result).
        assertThat(r.before().content()).isZero();
        assertThat(r.after().content()).isPositive();
        assertThat(r.after().style()).isLessThan(r.before().style());
        Path out = tmp.resolve("out.png");
        Images.write(Images.fromArray(r.image()), out);
        assertThat(Images.read(out).getWidth()).isEqualTo(32);
    }

    @Test
    void lbfgsLowersTheLossFasterPerIterationThanAdam() {
        Vgg19 vgg = Vgg19.builder().optWidthDivisor(16).build();
        vgg.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        NDArray content = manager.randomUniform(0.3f, 0.7f, new Shape(1, 3, 32, 32));
        NDArray style = manager.randomUniform(0f, 1f, new Shape(1, 3, 32, 32));
        java.util.List<Double> seen = new java.util.ArrayList<>();
        GatysStyleTransfer.Result lbfgs = GatysStyleTransfer.builder().setLossNetwork(vgg).optIterations(10)
                .optMethod(GatysStyleTransfer.Method.LBFGS).optListener((i, loss) -> seen.add(loss)).build()
                .stylize(content, style);
        GatysStyleTransfer.Result adam = GatysStyleTransfer.builder().setLossNetwork(vgg).optIterations(10)
                .optLearningRate(0.05f).optMeasureParts(false).build().stylize(content, style);
        assertThat(adam.before()).isNull();
        assertThat(adam.after()).isNull();
        double[] l = lbfgs.losses();
        assertThat(seen).hasSize(l.length);
        assertThat(l[0]).isCloseTo(adam.losses()[0], offset(1e-6 * l[0]));
        assertThat(l[l.length - 1]).isLessThan(0.5 * l[0]);
        assertThat(lbfgs.evaluations()).isGreaterThanOrEqualTo(l.length);
        assertThat(lbfgs.image().min().getFloat()).isGreaterThanOrEqualTo(0f);
        assertThat(lbfgs.image().max().getFloat()).isLessThanOrEqualTo(1f);
    }

    @Test
    void builderNamesBadSettings() {
        assertThatThrownBy(() -> GatysStyleTransfer.builder().build()).hasMessageContaining("setLossNetwork is required");
        Vgg19 vgg = Vgg19.builder().optWidthDivisor(64).build();
        assertThatThrownBy(() -> GatysStyleTransfer.builder().setLossNetwork(vgg).build()).hasMessageContaining("initialised");
    }
}
