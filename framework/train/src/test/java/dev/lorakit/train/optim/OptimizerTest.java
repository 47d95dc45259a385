package dev.lorakit.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OptimizerTest {

    private static final float[] W0 = {0.5f, -1.0f, 2.0f};
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Runs {@code steps} updates with the gradient {@code g(w) = w - target} (a quadratic). */
    private float[] run(Optimizer opt, NDArray w, int steps, double lr) {
        for (int i = 0; i < steps; i++) {
            NDArray grad = w.sub(1.0f);
            opt.step(Map.of("w", w), Map.of("w", grad), lr);
            grad.close();
        }
        return w.toFloatArray();
    }

    /** torch.optim.AdamW's single-tensor algorithm in double precision, written out by hand. */
    private static double[] adamwReference(double[] w, int steps, double lr, double b1, double b2, double eps, double wd) {
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        for (int t = 1; t <= steps; t++) {
            for (int i = 0; i < w.length; i++) {
                double g = w[i] - 1.0;
                w[i] *= 1 - lr * wd;
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                w[i] -= lr * mHat / denom;
            }
        }
        return w;
    }

    @Test
    void adamwWithConstantGradientMovesByLrTimesSignEveryStep() {
        // Closed form: with a constant gradient g the bias-corrected moments are g and g², so
        // each step moves by lr * g / (|g| + eps).
        try (Optimizer adamw = AdamWConfig.of(0.1, null, null, null).newOptimizer(manager)) {
            NDArray w = manager.create(W0.clone());
            for (int i = 0; i < 3; i++) {
                NDArray g = manager.create(new float[] {2f, -0.5f, 0f});
                adamw.step(Map.of("w", w), Map.of("w", g), 0.1);
            }
            float[] out = w.toFloatArray();
            assertThat(out[0]).isCloseTo(0.5f - 0.3f, within(1e-5f));
            assertThat(out[1]).isCloseTo(-1.0f + 0.3f, within(1e-5f));
            assertThat(out[2]).isCloseTo(2.0f, within(1e-6f));
            assertThat(adamw.steps()).isEqualTo(3);
        }
    }

    @Test
    void adamwMatchesTorchAlgorithmWithDecoupledWeightDecay() {
        try (Optimizer adamw = new AdamWConfig(0.05, 0.8, 0.95, 1e-6, 0.1).newOptimizer(manager)) {
            float[] out = run(adamw, manager.create(W0.clone()), 5, 0.05);
            double[] ref = adamwReference(new double[] {0.5, -1.0, 2.0}, 5, 0.05, 0.8, 0.95, 1e-6, 0.1);
            for (int i = 0; i < out.length; i++) {
                assertThat((double) out[i]).isCloseTo(ref[i], within(1e-5));
            }
        }
    }

    @Test
    void sgdMomentumMatchesClosedFormForConstantGradient() {
        // buffer_t = g * (1 + mu + ... + mu^(t-1)); w_T = w_0 - lr * sum_t buffer_t.
        double mu = 0.9;
        double lr = 0.1;
        try (Optimizer sgd = new SgdConfig(lr, mu, false, 0).newOptimizer(manager)) {
            NDArray w = manager.create(new float[] {1f});
            double expected = 1;
            double buffer = 0;
            for (int t = 0; t < 4; t++) {
                sgd.step(Map.of("w", w), Map.of("w", manager.create(new float[] {2f})), lr);
                buffer = buffer * mu + 2;
                expected -= lr * buffer;
            }
            assertThat((double) w.toFloatArray()[0]).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void sgdNesterovAndWeightDecayFollowTorch() {
        double mu = 0.5;
        double lr = 0.1;
        double wd = 0.2;
        try (Optimizer sgd = new SgdConfig(lr, mu, true, wd).newOptimizer(manager)) {
            NDArray w = manager.create(new float[] {1f});
            double x = 1;
            double buffer = Double.NaN;
            for (int t = 0; t < 3; t++) {
                sgd.step(Map.of("w", w), Map.of("w", manager.create(new float[] {3f})), lr);
                double d = 3 + wd * x;
                buffer = t == 0 ? d : buffer * mu + d;
                x -= lr * (d + mu * buffer);
            }
            assertThat((double) w.toFloatArray()[0]).isCloseTo(x, within(1e-6));
        }
    }

    @Test
    void plainSgdKeepsNoState() {
        try (Optimizer sgd = new SgdConfig(0.1, 0, false, 0).newOptimizer(manager)) {
            run(sgd, manager.create(W0.clone()), 2, 0.1);
            assertThat(sgd.buffers("w")).isEmpty();
        }
    }

    @Test
    void savedStateContinuesExactly() throws IOException {
        for (OptimizerConfig config : new OptimizerConfig[] {
                new AdamWConfig(0.05, 0.9, 0.99, 1e-8, 0.01), new SgdConfig(0.05, 0.9, true, 0.01)}) {
            try (Optimizer a = config.newOptimizer(manager); Optimizer b = config.newOptimizer(manager)) {
                NDArray wa = manager.create(W0.clone());
                run(a, wa, 3, 0.05);
                ByteArrayOutputStream saved = new ByteArrayOutputStream();
                a.save(saved);
                NDArray wb = wa.duplicate();
                b.load(new ByteArrayInputStream(saved.toByteArray()));
                assertThat(b.steps()).isEqualTo(3);
                assertThat(run(b, wb, 4, 0.05)).containsExactly(run(a, wa, 4, 0.05));
            }
        }
    }

    @Test
    void loadingAnotherOptimizersStateFailsClearly() throws IOException {
        try (Optimizer adamw = AdamWConfig.defaults().newOptimizer(manager);
                Optimizer sgd = new SgdConfig(0.1, 0.9, false, 0).newOptimizer(manager)) {
            ByteArrayOutputStream saved = new ByteArrayOutputStream();
            adamw.save(saved);
            assertThatThrownBy(() -> sgd.load(new ByteArrayInputStream(saved.toByteArray())))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("'adamw'")
                    .hasMessageContaining("'sgd'");
        }
    }
}
