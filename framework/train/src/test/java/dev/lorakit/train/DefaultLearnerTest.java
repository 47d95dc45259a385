package dev.lorakit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.lorakit.api.Learner;
import dev.lorakit.api.Seeds;
import dev.lorakit.api.Stateful;
import dev.lorakit.train.optim.AdamWConfig;
import dev.lorakit.train.optim.SgdConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DefaultLearnerTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private Block model(long seed) {
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(4).build())
                .add(Linear.builder().setUnits(1).build());
        Seeds.seedEngine(seed);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
        return block;
    }

    private DefaultLearner.Builder sgd(Block model, int accumulation) {
        return DefaultLearner.builder()
                .setModel(model)
                .setOptimizer(new SgdConfig(0.1, 0, false, 0).newOptimizer(manager))
                .optAccumulationSteps(accumulation)
                .setSeed(3);
    }

    private static Learner.LossFunction mse(NDArray x, NDArray y) {
        return forward -> forward.apply(new NDList(x)).head().sub(y).square().mean();
    }

    @Test
    void accumulatingTwoHalvesEqualsOneFullBatch() {
        NDArray x = manager.randomNormal(new Shape(4, 3));
        NDArray y = manager.randomNormal(new Shape(4, 1));
        Block full = model(1);
        Block halves = model(1);
        DefaultLearner one = sgd(full, 1).build();
        DefaultLearner two = sgd(halves, 2).build();

        assertThat(one.step(mse(x, y)).applied()).isTrue();
        Learner.StepResult first = two.step(mse(x.get("0:2"), y.get("0:2")));
        assertThat(first.applied()).isFalse();
        assertThat(first.gradientNorm()).isNaN();
        assertThat(two.step(mse(x.get("2:4"), y.get("2:4"))).applied()).isTrue();

        Map<String, float[]> a = ParameterDump.values(full);
        Map<String, float[]> b = ParameterDump.values(halves);
        a.forEach((name, values) -> {
            for (int i = 0; i < values.length; i++) {
                assertThat(b.get(name)[i]).as(name).isCloseTo(values[i], within(1e-6f));
            }
        });
        assertThat(two.updates()).isEqualTo(1);
    }

    @Test
    void clipsByGlobalNormAsTorch() {
        Block model = model(2);
        NDArray x = manager.create(new float[] {10, -20, 30}, new Shape(1, 3));
        NDArray y = manager.create(new float[] {100}, new Shape(1, 1));
        Map<String, float[]> before = ParameterDump.values(model);
        DefaultLearner learner = DefaultLearner.builder()
                .setModel(model)
                .setOptimizer(new SgdConfig(1.0, 0, false, 0).newOptimizer(manager))
                .optGradClipNorm(0.5)
                .setSeed(3)
                .build();
        Learner.StepResult result = learner.step(mse(x, y));

        assertThat(result.gradientNorm()).isGreaterThan(0.5);
        // With SGD at lr 1, the update is the clipped gradient: its global norm is 0.5.
        double squared = 0;
        Map<String, float[]> after = ParameterDump.values(model);
        for (String name : before.keySet()) {
            for (int i = 0; i < before.get(name).length; i++) {
                double d = before.get(name)[i] - after.get(name)[i];
                squared += d * d;
            }
        }
        assertThat(Math.sqrt(squared)).isCloseTo(0.5 * result.gradientNorm() / (result.gradientNorm() + 1e-6), within(1e-4));
    }

    @Test
    void nonFiniteLossIsSkippedOrFailsAsConfigured() {
        Block model = model(3);
        Map<String, float[]> before = ParameterDump.values(model);
        DefaultLearner skipping = sgd(model, 1).build();
        Learner.StepResult result = skipping.step(forward -> forward.apply(new NDList(manager.ones(new Shape(1, 3)))).head().sum().log().mul(Float.NaN));

        assertThat(result.skipped()).isTrue();
        assertThat(result.applied()).isFalse();
        assertThat(skipping.skippedSteps()).isEqualTo(1);
        assertThat(skipping.updates()).isZero();
        assertThat(ParameterDump.values(model)).usingRecursiveComparison().isEqualTo(before);

        DefaultLearner strict = sgd(model, 1).optSkipNonFinite(false).build();
        assertThatThrownBy(() -> strict.step(forward -> forward.apply(new NDList(manager.ones(new Shape(1, 3)))).head().sum().mul(Float.POSITIVE_INFINITY)))
                .hasMessageContaining("Non-finite loss")
                .hasMessageContaining("trainer.skip_non_finite");
    }

    @Test
    void frozenParametersGetNoStateAndDoNotMove() {
        SequentialBlock model = (SequentialBlock) model(4);
        model.getChildren().valueAt(0).freezeParameters(true);
        Map<String, float[]> before = ParameterDump.values(model);
        DefaultLearner learner = DefaultLearner.builder()
                .setModel(model)
                .setOptimizer(AdamWConfig.of(0.1, null, null, 0.1).newOptimizer(manager))
                .setSeed(1)
                .build();
        learner.step(mse(manager.ones(new Shape(2, 3)), manager.zeros(new Shape(2, 1))));

        assertThat(learner.trainableParameters()).containsOnlyKeys("1.weight", "1.bias");
        assertThat(learner.optimizer().buffers("0.weight")).isNull();
        assertThat(learner.optimizer().buffers("1.weight")).hasSize(2);
        assertThat(ParameterDump.values(model).get("0.weight")).containsExactly(before.get("0.weight"));
        assertThat(ParameterDump.values(model).get("1.weight")).isNotEqualTo(before.get("1.weight"));
    }

    @Test
    void stateRestoresUpdateCountAndScheduleAndRejectsAnotherSeed() throws Exception {
        Block model = model(5);
        DefaultLearner learner = DefaultLearner.fromConfig(
                TrainerConfig.of(null, dev.lorakit.train.optim.ScheduleConfig.of(
                        dev.lorakit.train.optim.ScheduleConfig.Type.LINEAR, 0), null, null, null, 10L, null, null, null, null, "cpu", null),
                model, Devices.resolve("cpu"), 10, 7);
        NDArray x = manager.ones(new Shape(2, 3));
        NDArray y = manager.zeros(new Shape(2, 1));
        for (int i = 0; i < 3; i++) {
            learner.step(mse(x, y));
        }
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        learner.state().get("learner").save(saved);

        DefaultLearner fresh = DefaultLearner.fromConfig(TrainerConfig.of(null, dev.lorakit.train.optim.ScheduleConfig.of(
                dev.lorakit.train.optim.ScheduleConfig.Type.LINEAR, 0), null, null, null, 10L, null, null, null, null, "cpu", null),
                model, Devices.resolve("cpu"), 10, 7);
        fresh.state().get("learner").load(new ByteArrayInputStream(saved.toByteArray()));
        assertThat(fresh.updates()).isEqualTo(3);
        assertThat(fresh.learningRate()).isEqualTo(learner.learningRate()).isCloseTo(1e-3 * 0.7, within(1e-12));

        Stateful otherSeed = sgd(model, 1).setSeed(8).build().state().get("learner");
        assertThatThrownBy(() -> otherSeed.load(new ByteArrayInputStream(saved.toByteArray())))
                .hasMessageContaining("seed 7");
    }

    @Test
    void predictInsideALossFunctionIsDetached() {
        Block model = model(6);
        DefaultLearner learner = sgd(model, 1).build();
        NDArray x = manager.ones(new Shape(1, 3));
        Learner.StepResult r = learner.step(forward -> {
            NDArray target = learner.predict(new NDList(x)).head();
            assertThat(target.hasGradient()).isFalse();
            return forward.apply(new NDList(x)).head().sub(target.add(1)).square().mean();
        });
        assertThat(r.loss()).isCloseTo(1.0, within(1e-6));
    }
}
