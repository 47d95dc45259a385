package dev.lorakit.plugins.dqn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.ModuleTree;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Q-network under real LoRA injection: declared targets, trainable counts, acting copy. */
class LoraQNetworkTest {

    @Test
    void declaredTargetsAdaptEveryLayerAndTheActingCopyIncludesTheDelta() {
        try (NDManager manager = NDManager.newBaseManager()) {
            QNetwork network = QNetworkTest.cartPoleNetwork(manager);
            float[] baseBefore = ModuleTree.namedParameters(network).get("fc1.weight").getArray().toFloatArray();
            LoraModel lora = LoraModel.builder()
                    .setBlock(network)
                    .setConfig(LoraConfig.of(new DqnPlugin().loraDefaults().targetModules().toArray(String[]::new))
                            .withR(4).withAlpha(8))
                    .optSeed(7)
                    .build();
            network.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 4));
            assertThat(lora.loraLayers().keySet()).containsExactlyInAnyOrder("fc1", "fc2", "q");
            // Injection and the second initialize keep the (pretrained) base weights.
            assertThat(ModuleTree.namedParameters(network).get("fc1.weight").getArray().toFloatArray())
                    .containsExactly(baseBefore);
            // r * (in + out) per layer: 4*(4+120) + 4*(120+84) + 4*(84+2).
            long trainable = 0;
            for (Parameter p : ModuleTree.namedParameters(network).values()) {
                if (p.requiresGradient()) {
                    trainable += p.getArray().size();
                }
            }
            assertThat(trainable).isEqualTo(4L * (4 + 120) + 4L * (120 + 84) + 4L * (84 + 2));

            // B starts at zero; give every adapter a non-zero delta so W + scale*BA differs from W.
            for (Map.Entry<String, Parameter> p : ModuleTree.namedParameters(network).entrySet()) {
                if (p.getValue().requiresGradient()) {
                    p.getValue().getArray().addi(0.05f);
                }
            }
            GreedyPolicy policy = new GreedyPolicy(EffectiveLinear.probeAll(network, manager));
            NDArray obs = manager.create(new float[] {0.3f, -1.2f, 0.05f, 0.7f}, new Shape(1, 4));
            float[] expected = network.forward(new ParameterStore(manager, false), new NDList(obs), false)
                    .singletonOrThrow().toFloatArray();
            float[] actual = policy.qValues(obs.toFloatArray());
            float[] base;
            try (LoraModel.AdaptersDisabled off = lora.disableAdapters()) {
                base = network.forward(new ParameterStore(manager, false), new NDList(obs), false)
                        .singletonOrThrow().toFloatArray();
            }
            for (int a = 0; a < 2; a++) {
                assertThat(actual[a]).isCloseTo(expected[a], within(1e-4f));
            }
            assertThat(Math.abs(expected[0] - base[0]) + Math.abs(expected[1] - base[1])).isGreaterThan(1e-3f);
        }
    }
}
