package dev.lorakit.lora;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The LoRA linear forward and its gradients against the closed form, for a frozen base and an
 * input that needs no gradient (the first adapted layer of a frozen network): the adapter's sum
 * is added in place into the base output, and the scale applies to the rank-r activation.
 */
class LoraLinearGradientTest {

    private static final float SCALE = 2.5f;
    private NDManager m;

    @BeforeEach
    void open() {
        m = NDManager.newBaseManager();
        m.getEngine().setRandomSeed(11);
    }

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void outputAndGradientsMatchTheClosedForm() {
        Linear base = Linear.builder().setUnits(6).build();
        base.initialize(m, DataType.FLOAT32, new Shape(4, 5));
        base.freezeParameters(true);
        LoraLinear lora = new LoraLinear(base);
        lora.addAdapter(new AdapterInfo("default", 2, 5.0, SCALE, 0), LoraInit.DEFAULT, new Random(0));
        NDArray b = lora.adapters().b("default").getArray();
        m.randomNormal(b.getShape()).copyTo(b);
        // As LoraModel does: the adapter trains, the base stays frozen.
        lora.adapters().a("default").freeze(false);
        lora.adapters().b("default").freeze(false);
        NDArray a = lora.adapters().a("default").getArray();
        NDArray w = lora.baseWeight().getArray();
        NDArray x = m.randomNormal(new Shape(4, 5));

        NDArray y;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            y = lora.forward(new ParameterStore(m, false), new NDList(x), true).head();
            collector.backward(y.sum());
        }
        NDArray bias = base.getParameters().get("bias").getArray();
        NDArray expected = x.matMul(w.add(b.matMul(a).mul(SCALE)).transpose()).add(bias);
        assertThat(y.sub(expected).abs().max().getFloat()).isLessThan(1e-5f);
        // d sum(y) / dB = scale · 1ᵀ (x Aᵀ), broadcast over outputs; d / dA = scale · (Bᵀ 1)(1ᵀ x).
        NDArray h = x.matMul(a.transpose()).sum(new int[] {0});
        NDArray gradB = h.expandDims(0).repeat(0, 6).mul(SCALE);
        NDArray gradA = b.sum(new int[] {0}).expandDims(1).matMul(x.sum(new int[] {0}).expandDims(0)).mul(SCALE);
        assertThat(b.getGradient().sub(gradB).abs().max().getFloat()).isLessThan(1e-4f);
        assertThat(a.getGradient().sub(gradA).abs().max().getFloat()).isLessThan(1e-4f);
        assertThat(w.hasGradient()).isFalse();
    }
}
