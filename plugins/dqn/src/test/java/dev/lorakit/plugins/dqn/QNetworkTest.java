package dev.lorakit.plugins.dqn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.lorakit.lora.ModuleTree;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QNetworkTest {

    static QNetwork cartPoleNetwork(NDManager manager) {
        QNetwork network =
                QNetwork.builder().setObservationSize(4).setHiddenSizes(List.of(120, 84)).setActions(2).build();
        network.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
        return network;
    }

    @Test
    void layersCarryTheDeclaredLoraTargetNamesAndTorchInit() {
        try (NDManager manager = NDManager.newBaseManager()) {
            QNetwork network = cartPoleNetwork(manager);
            assertThat(network.layerNames()).containsExactly("fc1", "fc2", "q");
            assertThat(ModuleTree.namedParameters(network).keySet())
                    .containsExactly("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "q.weight", "q.bias");
            NDArray fc1 = ModuleTree.namedParameters(network).get("fc1.weight").getArray();
            assertThat(fc1.getShape()).isEqualTo(new Shape(120, 4));
            assertThat(fc1.abs().max().getFloat()).isLessThanOrEqualTo(0.5f);
            NDArray bias = ModuleTree.namedParameters(network).get("fc2.bias").getArray();
            assertThat(bias.abs().max().getFloat()).isGreaterThan(0f).isLessThanOrEqualTo((float) (1 / Math.sqrt(120)));
        }
    }

    @Test
    void javaPolicyMatchesTheDjlForward() {
        try (NDManager manager = NDManager.newBaseManager()) {
            QNetwork network = cartPoleNetwork(manager);
            GreedyPolicy policy = new GreedyPolicy(EffectiveLinear.probeAll(network, manager));
            Random random = new Random(4);
            for (int trial = 0; trial < 20; trial++) {
                float[] obs = new float[4];
                for (int i = 0; i < 4; i++) {
                    obs[i] = (float) random.nextGaussian();
                }
                float[] expected =
                        network.forward(new ParameterStore(manager, false), new NDList(manager.create(obs, new Shape(1, 4))), false)
                                .singletonOrThrow()
                                .toFloatArray();
                float[] actual = policy.qValues(obs);
                for (int a = 0; a < 2; a++) {
                    assertThat(actual[a]).isCloseTo(expected[a], within(1e-5f));
                }
                assertThat(policy.act(obs)).isEqualTo(expected[0] >= expected[1] ? 0 : 1);
            }
        }
    }

    @Test
    void seededInitIsReproducibleAndWithinTorchBounds() {
        try (NDManager manager = NDManager.newBaseManager()) {
            QNetwork a = cartPoleNetwork(manager);
            QNetwork b = cartPoleNetwork(manager);
            a.initializeWeights(new Random(9));
            b.initializeWeights(new Random(9));
            var pa = ModuleTree.namedParameters(a);
            var pb = ModuleTree.namedParameters(b);
            for (String name : pa.keySet()) {
                assertThat(pb.get(name).getArray().toFloatArray()).containsExactly(pa.get(name).getArray().toFloatArray());
            }
            float bound = (float) (1 / Math.sqrt(120));
            assertThat(pa.get("fc2.weight").getArray().abs().max().getFloat()).isLessThanOrEqualTo(bound);
            assertThat(pa.get("fc2.bias").getArray().abs().max().getFloat()).isLessThanOrEqualTo(bound).isGreaterThan(0f);
            b.initializeWeights(new Random(10));
            assertThat(pb.get("q.weight").getArray().toFloatArray()).isNotEqualTo(pa.get("q.weight").getArray().toFloatArray());
        }
    }

    @Test
    void builderNamesTheBadSetting() {
        assertThatThrownBy(() -> QNetwork.builder().setObservationSize(4).setHiddenSizes(List.of(0)).setActions(2).build())
                .hasMessageContaining("hidden sizes must all be >= 1, got [0]");
        assertThatThrownBy(() -> QNetwork.builder().setObservationSize(4).setHiddenSizes(List.of()).build())
                .hasMessageContaining("action count must be >= 1");
    }

    @Test
    void argMaxBreaksTiesTowardsTheFirstAction() {
        assertThat(GreedyPolicy.argMax(new float[] {1f, 1f, 0f})).isZero();
        assertThat(GreedyPolicy.argMax(new float[] {0f, 2f, 2f})).isEqualTo(1);
    }
}
