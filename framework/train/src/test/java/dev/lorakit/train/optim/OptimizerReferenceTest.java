package dev.lorakit.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * lorakit's optimizers against {@link TorchReference} over several steps, on a small tensor (the
 * fused engine call) and on one above {@link Optimizer#CHAIN_MIN_SIZE} (the in-place chain), with
 * a changing learning rate (0 first, as warm-up gives), per-weight step counts and checkpoints.
 */
class OptimizerReferenceTest {

    private static final int SMALL = 37;
    private static final int LARGE = (int) Optimizer.CHAIN_MIN_SIZE + 5;
    private static final double[] LR = {0, 0.05, 0.03, 0.05, 0.02, 0.04};
    private static final double TOLERANCE = 2e-5;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static float[] initial(int n, int salt) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) Math.cos(0.37 * i + salt);
        }
        return w;
    }

    /** A gradient that depends on step and element, not on the weights, so both sides see it. */
    private static float[] gradient(int step, int n, int salt) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) (Math.sin(0.7 * i + 1.3 * step + salt) * (1 + (i % 3)));
        }
        return g;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** One reference update of a tensor: (reference, gradient, lr). */
    private interface ReferenceStep {
        void apply(TorchReference ref, double[] g, double lr);
    }

    /**
     * Runs {@code config} on three weights; {@code skipped} names the weights that get no gradient
     * at steps 2 and 3 (0-based). Returns max |lorakit - reference| over all weights.
     */
    private double maxError(OptimizerConfig config, ReferenceStep reference, Set<String> skipped) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("a", SMALL);
        sizes.put("b", LARGE);
        sizes.put("c", SMALL + 1);
        Map<String, NDArray> weights = new LinkedHashMap<>();
        Map<String, TorchReference> refs = new HashMap<>();
        int salt = 0;
        for (Map.Entry<String, Integer> e : sizes.entrySet()) {
            float[] w0 = initial(e.getValue(), salt++);
            weights.put(e.getKey(), manager.create(w0));
            refs.put(e.getKey(), new TorchReference(w0));
        }
        try (Optimizer opt = config.newOptimizer(manager)) {
            for (int t = 0; t < LR.length; t++) {
                Map<String, NDArray> grads = new HashMap<>();
                salt = 0;
                for (Map.Entry<String, Integer> e : sizes.entrySet()) {
                    float[] g = gradient(t, e.getValue(), salt++);
                    if (!(skipped.contains(e.getKey()) && (t == 2 || t == 3))) {
                        grads.put(e.getKey(), manager.create(g));
                        reference.apply(refs.get(e.getKey()), toDouble(g), LR[t]);
                    }
                }
                opt.step(weights, grads, LR[t]);
                grads.values().forEach(NDArray::close);
            }
            assertThat(opt.steps()).isEqualTo(LR.length);
            double max = 0;
            for (String name : sizes.keySet()) {
                assertThat(opt.steps(name)).as(name).isEqualTo(refs.get(name).step());
                float[] got = weights.get(name).toFloatArray();
                double[] want = refs.get(name).weights();
                for (int i = 0; i < got.length; i++) {
                    max = Math.max(max, Math.abs(got[i] - want[i]));
                }
            }
            return max;
        }
    }

    @Test
    void adamwMatchesTorchOnFusedAndChainedTensors() {
        assertThat(maxError(new AdamWConfig(0.05, 0.9, 0.999, 1e-8, 0), (r, g, lr) -> r.adamw(g, lr, 0.9, 0.999, 1e-8, 0), Set.of()))
                .isLessThan(TOLERANCE);
        assertThat(maxError(new AdamWConfig(0.05, 0.8, 0.95, 1e-6, 0.1), (r, g, lr) -> r.adamw(g, lr, 0.8, 0.95, 1e-6, 0.1), Set.of()))
                .isLessThan(TOLERANCE);
    }

    @Test
    void sgdMatchesTorchOnFusedAndChainedTensors() {
        for (SgdConfig c : new SgdConfig[] {
                new SgdConfig(0.05, 0, false, 0), new SgdConfig(0.05, 0.9, false, 0),
                new SgdConfig(0.05, 0.9, true, 0), new SgdConfig(0.05, 0.5, true, 0.2),
                new SgdConfig(0.05, 0, false, 0.1)}) {
            assertThat(maxError(c, (r, g, lr) -> r.sgd(g, lr, c.momentum(), c.nesterov(), c.weightDecay()), Set.of()))
                    .as(c.toString())
                    .isLessThan(TOLERANCE);
        }
    }

    @Test
    void aWeightWithoutGradientKeepsItsOwnStepCountAndBiasCorrection() {
        // b (chained) and c (fused) miss two of six steps; their bias correction must use 4.
        assertThat(maxError(new AdamWConfig(0.05, 0.9, 0.999, 1e-8, 0.01), (r, g, lr) -> r.adamw(g, lr, 0.9, 0.999, 1e-8, 0.01), Set.of("b", "c")))
                .isLessThan(TOLERANCE);
        assertThat(maxError(new SgdConfig(0.05, 0.9, true, 0.01), (r, g, lr) -> r.sgd(g, lr, 0.9, true, 0.01), Set.of("b", "c")))
                .isLessThan(TOLERANCE);
    }

    @Test
    void aSkippedWeightIsNotTouched() {
        try (Optimizer adamw = AdamWConfig.defaults().newOptimizer(manager)) {
            NDArray a = manager.create(initial(SMALL, 0));
            NDArray b = manager.create(initial(LARGE, 1));
            float[] before = b.toFloatArray();
            adamw.step(Map.of("a", a, "b", b), Map.of("a", manager.create(gradient(0, SMALL, 0))), 0.1);
            assertThat(b.toFloatArray()).containsExactly(before);
            assertThat(adamw.buffers("b")).isNull();
            assertThat(adamw.steps("b")).isZero();
            assertThat(adamw.steps("a")).isEqualTo(1);
        }
    }

    /** Steps {@code from..to-1} of the schedule on weights a (small) and b (large, no grad at 2, 3). */
    private void run(Optimizer opt, Map<String, NDArray> weights, int from, int to) {
        for (int t = from; t < to; t++) {
            Map<String, NDArray> grads = new HashMap<>();
            grads.put("a", manager.create(gradient(t, SMALL, 0)));
            if (t != 2 && t != 3) {
                grads.put("b", manager.create(gradient(t, LARGE, 1)));
            }
            opt.step(weights, grads, LR[t] + 0.01);
            grads.values().forEach(NDArray::close);
        }
    }

    @Test
    void saveLoadContinueEqualsUninterrupted() throws IOException {
        for (OptimizerConfig config : new OptimizerConfig[] {
                new AdamWConfig(0.05, 0.9, 0.99, 1e-8, 0.01), new SgdConfig(0.05, 0.9, true, 0.01)}) {
            Map<String, NDArray> straight = Map.of("a", manager.create(initial(SMALL, 0)), "b", manager.create(initial(LARGE, 1)));
            Map<String, NDArray> resumed = Map.of("a", manager.create(initial(SMALL, 0)), "b", manager.create(initial(LARGE, 1)));
            try (Optimizer uninterrupted = config.newOptimizer(manager);
                    Optimizer first = config.newOptimizer(manager);
                    Optimizer second = config.newOptimizer(manager)) {
                run(uninterrupted, straight, 0, LR.length);
                run(first, resumed, 0, 4);
                ByteArrayOutputStream saved = new ByteArrayOutputStream();
                first.save(saved);
                second.load(new ByteArrayInputStream(saved.toByteArray()));
                assertThat(second.steps("b")).isEqualTo(2);
                assertThat(second.steps("a")).isEqualTo(4);
                run(second, resumed, 4, LR.length);
                for (String name : straight.keySet()) {
                    assertThat(resumed.get(name).toFloatArray()).as(config + " " + name)
                            .containsExactly(straight.get(name).toFloatArray());
                }
            }
        }
    }

    @Test
    void readsFormatVersion1WhereEveryWeightSharedTheStepCount() throws IOException {
        AdamWConfig config = new AdamWConfig(0.05, 0.9, 0.99, 1e-8, 0);
        Map<String, NDArray> straight = Map.of("a", manager.create(initial(SMALL, 0)));
        Map<String, NDArray> resumed = Map.of("a", manager.create(initial(SMALL, 0)));
        try (Optimizer uninterrupted = config.newOptimizer(manager);
                Optimizer first = config.newOptimizer(manager);
                Optimizer second = config.newOptimizer(manager)) {
            run(uninterrupted, straight, 0, LR.length);
            run(first, resumed, 0, 3);
            // Version 1 as lorakit wrote it before per-weight counts: no count per weight.
            ByteArrayOutputStream v1 = new ByteArrayOutputStream();
            DataOutputStream data = new DataOutputStream(v1);
            data.writeUTF("lorakit-optimizer");
            data.writeInt(1);
            data.writeUTF("adamw");
            data.writeLong(3);
            data.writeInt(1);
            data.writeUTF("a");
            data.writeInt(2);
            for (NDArray buffer : first.buffers("a")) {
                byte[] bytes = buffer.encode();
                data.writeInt(bytes.length);
                data.write(bytes);
            }
            data.flush();
            second.load(new ByteArrayInputStream(v1.toByteArray()));
            assertThat(second.steps("a")).isEqualTo(3);
            run(second, resumed, 3, LR.length);
            assertThat(resumed.get("a").toFloatArray()).containsExactly(straight.get("a").toFloatArray());
        }
    }
}
