package dev.lorakit.plugins.dqn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.ndarray.DirectMemoryChurn;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetAndTdTest {

    @Test
    void targetStartsEqualAndHardUpdateCopiesTheOnlineNetwork() {
        try (NDManager manager = NDManager.newBaseManager()) {
            QNetwork network = QNetworkTest.cartPoleNetwork(manager);
            NDArray obs = manager.randomNormal(new Shape(8, 4));
            try (TargetNetwork target = new TargetNetwork(EffectiveLinear.probeAll(network, manager), manager)) {
                NDArray online = onlineQ(network, manager, obs);
                assertThat(target.forward(obs).sub(online).abs().max().getFloat()).isLessThan(1e-5f);

                Parameter w = ModuleTree.namedParameters(network).get("fc1.weight");
                w.getArray().addi(0.5f); // the online network moves on
                NDArray moved = onlineQ(network, manager, obs);
                assertThat(target.forward(obs).sub(moved).abs().max().getFloat()).isGreaterThan(1e-3f);

                target.update(EffectiveLinear.probeAll(network, manager), 1.0);
                assertThat(target.forward(obs).sub(moved).abs().max().getFloat()).isLessThan(1e-5f);
            }
        }
    }

    @Test
    void polyakUpdateMovesTauOfTheWay() {
        try (NDManager manager = NDManager.newBaseManager()) {
            QNetwork network = QNetworkTest.cartPoleNetwork(manager);
            List<EffectiveLinear> before = EffectiveLinear.probeAll(network, manager);
            float[] oldBias = before.get(2).bias().toFloatArray();
            try (TargetNetwork target = new TargetNetwork(before, manager)) {
                ModuleTree.namedParameters(network).get("q.bias").getArray().addi(1f);
                target.update(EffectiveLinear.probeAll(network, manager), 0.25);
                float[] blended = target.arrays().get(5).toFloatArray();
                for (int i = 0; i < oldBias.length; i++) {
                    assertThat(blended[i]).isCloseTo(oldBias[i] + 0.25f, within(1e-5f));
                }
                // Untouched layers stay where they were.
                assertThat(target.arrays().get(0).toFloatArray())
                        .containsExactly(before.get(0).weightTransposed().toFloatArray());
            }
        }
    }

    @Test
    void dqnTargetTakesTheTargetMaxAndDoubleDqnTheOnlineArgmax() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray rewards = manager.create(new float[] {1f, 1f, 0.5f});
            NDArray discounts = manager.create(new float[] {0.9f, 0.9f, 0.81f});
            NDArray terminated = manager.create(new float[] {0f, 1f, 0f});
            NDArray targetQ = manager.create(new float[] {2f, 5f, 3f, 1f, 4f, -1f}, new Shape(3, 2));
            NDArray onlineQ = manager.create(new float[] {9f, 0f, 0f, 9f, 0f, 1f}, new Shape(3, 2));

            float[] dqn = TdTargets.compute(rewards, discounts, terminated, targetQ, null).toFloatArray();
            assertThat(dqn[0]).isCloseTo(1f + 0.9f * 5f, within(1e-6f));
            assertThat(dqn[1]).isCloseTo(1f, within(1e-6f)); // terminated: no bootstrap
            assertThat(dqn[2]).isCloseTo(0.5f + 0.81f * 4f, within(1e-6f));

            float[] ddqn = TdTargets.compute(rewards, discounts, terminated, targetQ, onlineQ).toFloatArray();
            assertThat(ddqn[0]).isCloseTo(1f + 0.9f * 2f, within(1e-6f)); // online picks action 0
            assertThat(ddqn[1]).isCloseTo(1f, within(1e-6f));
            assertThat(ddqn[2]).isCloseTo(0.5f + 0.81f * -1f, within(1e-6f)); // online picks 1
        }
    }

    @Test
    void huberIsQuadraticInsideOneAndLinearOutside() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray predicted = manager.create(new float[] {0.5f, 3f});
            NDArray targets = manager.create(new float[] {0f, 0f});
            NDArray ones = manager.ones(new Shape(2));
            assertThat(TdLoss.HUBER.loss(predicted, targets, ones).getFloat())
                    .isCloseTo((0.125f + 2.5f) / 2, within(1e-6f));
            assertThat(TdLoss.MSE.loss(predicted, targets, ones).getFloat())
                    .isCloseTo((0.25f + 9f) / 2, within(1e-6f));
            NDArray weights = manager.create(new float[] {1f, 0f});
            assertThat(TdLoss.MSE.loss(predicted, targets, weights).getFloat()).isCloseTo(0.125f, within(1e-6f));
        }
    }

    @Test
    void tdLossGradientsIgnoreGarbageCollectionBetweenForwardAndBackward() {
        // Huber's minimum and 0.5 factor used DJL's number operands, freed before backward: the
        // CartPole smoke run once skipped a step for an infinite gradient norm (ScalarOps).
        for (TdLoss loss : TdLoss.values()) {
            for (int i = 0; i < 3; i++) {
                try (NDManager manager = NDManager.newBaseManager()) {
                    NDArray predicted = manager.create(new float[] {0.5f, 3f, -2f, 0.25f});
                    predicted.setRequiresGradient(true);
                    NDArray targets = manager.create(new float[] {0f, 0f, 0f, 1f});
                    NDArray weights = manager.create(new float[] {1f, 0.5f, 2f, 1f});
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray value = loss.loss(predicted, targets, weights);
                        DirectMemoryChurn.run();
                        collector.backward(value);
                    }
                    // d/dp mean(w * l(p - t)): Huber's l' is the error clipped to [-1, 1], MSE's 2 * error.
                    float[] expected = loss == TdLoss.HUBER
                            ? new float[] {0.5f / 4, 0.5f / 4, -2f / 4, -0.75f / 4}
                            : new float[] {1f / 4, 3f / 4, -8f / 4, -1.5f / 4};
                    assertThat(predicted.getGradient().toFloatArray()).as(loss.name()).containsExactly(expected);
                }
            }
        }
    }

    private static NDArray onlineQ(QNetwork network, NDManager manager, NDArray obs) {
        return network.forward(new ParameterStore(manager, false), new NDList(obs), false).singletonOrThrow();
    }
}
