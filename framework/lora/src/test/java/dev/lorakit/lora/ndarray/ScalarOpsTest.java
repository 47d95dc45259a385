package dev.lorakit.lora.ndarray;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ScalarOpsTest {

    private static final float[] X = {-2f, -0.5f, 0.25f, 3f};

    /** d/dx sum(op(x)) with a garbage collection and buffer reuse between forward and backward. */
    private static float[] gradientWithChurn(UnaryOperator<NDArray> op) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(X);
            x.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray y = op.apply(x).sum();
                DirectMemoryChurn.run();
                c.backward(y);
            }
            return x.getGradient().toFloatArray();
        }
    }

    @Test
    void djlNumberOperandsAreFreedBeforeBackward() {
        // The engine fault ScalarOps exists for, reproduced: if DJL ever keeps the number alive,
        // this fails and ScalarOps can go back to DJL's own methods.
        int corrupted = 0;
        for (int i = 0; i < 5; i++) {
            float[] g = gradientWithChurn(x -> x.mul(3f));
            if (g[0] != 3f) {
                corrupted++;
            }
        }
        assertThat(corrupted).as("DJL's mul(Number) gradients corrupted by freed memory, of 5").isPositive();
    }

    @Test
    void gradientsStayExactUnderChurn() {
        for (int i = 0; i < 5; i++) {
            assertThat(gradientWithChurn(x -> ScalarOps.mul(x, 3))).containsExactly(3f, 3f, 3f, 3f);
            assertThat(gradientWithChurn(x -> ScalarOps.muli(x.add(0f), 3))).containsExactly(3f, 3f, 3f, 3f);
            assertThat(gradientWithChurn(x -> ScalarOps.div(x, 4))).containsExactly(0.25f, 0.25f, 0.25f, 0.25f);
            assertThat(gradientWithChurn(x -> ScalarOps.add(x, 7))).containsExactly(1f, 1f, 1f, 1f);
            assertThat(gradientWithChurn(x -> ScalarOps.pow(x, 2))).containsExactly(-4f, -1f, 0.5f, 6f);
            assertThat(gradientWithChurn(x -> ScalarOps.minimum(x, 1))).containsExactly(1f, 1f, 1f, 0f);
            assertThat(gradientWithChurn(x -> ScalarOps.maximum(x, 0))).containsExactly(0f, 0f, 1f, 1f);
        }
    }

    @Test
    void scalarTakesTheArraysTypeAndValue() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray d = m.create(new double[] {1.0});
            NDArray s = ScalarOps.scalar(d, 0.1);
            assertThat(s.getDataType()).isEqualTo(d.getDataType());
            assertThat(s.getShape().dimension()).isZero();
            assertThat(s.getDevice()).isEqualTo(d.getDevice());
            assertThat(ScalarOps.mul(m.create(new float[] {2f}), 0.5).getFloat(0)).isEqualTo(1f);
        }
    }
}
