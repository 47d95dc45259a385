package dev.lorakit.lora;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import dev.lorakit.lora.ndarray.DirectMemoryChurn;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Adapter gradients do not depend on when the JVM collects garbage: a collection that frees and
 * reuses Java direct memory between forward and backward leaves them bit-identical (it did not
 * while the adapters scaled with DJL's {@code muli(Number)}, see {@code ScalarOps}).
 */
class ChurnSafeGradientsTest {

    static Iterable<TinyModels.Case> cases() {
        return TinyModels.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void adapterGradientsIgnoreGarbageCollection(TinyModels.Case c) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            Block root = TinyModels.build(c, m);
            LoraModel.builder().setBlock(root).setConfig(c.config()).optSeed(1).build();
            // Non-zero B, so that every adapter matrix gets a gradient.
            ModuleTree.namedParameters(root).forEach((k, p) -> {
                if (k.contains("lora_B")) {
                    p.getArray().set(m.randomNormal(p.getArray().getShape()).mul(0.1f).toFloatArray());
                }
            });
            NDArray x = TinyModels.input(c, m);
            NDArray weights = m.randomNormal(TinyModels.forward(root, x).getShape());
            // Eval mode: no dropout, so every pass computes the same function.
            Supplier<NDArray> loss = () -> TinyModels.forward(root, x).mul(weights).sum();
            Map<String, float[]> calm = DirectMemoryChurn.gradients(root, loss, false);
            for (int i = 0; i < 3; i++) {
                Map<String, float[]> churned = DirectMemoryChurn.gradients(root, loss, true);
                assertThat(churned.keySet()).isEqualTo(calm.keySet());
                calm.forEach((k, g) -> assertThat(churned.get(k)).as(k).containsExactly(g));
            }
        }
    }
}
