package dev.lorakit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.lorakit.api.Batch;
import dev.lorakit.api.Learner;
import dev.lorakit.api.Seeds;
import dev.lorakit.train.metrics.JsonlMetricsWriter;
import dev.lorakit.train.metrics.MetricsListener;
import dev.lorakit.train.optim.AdamWConfig;
import dev.lorakit.train.optim.ScheduleConfig;
import dev.lorakit.train.optim.SgdConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-parallel training. This machine has no GPU, so the replicas are put twice on the CPU:
 * every shard still runs forward and backward on its own copy of the parameters, and the
 * gradients are reduced, updated and copied back as they would be across GPUs.
 */
class DataParallelTest {

    /**
     * Float32 gradient sums taken in another order: after 14 AdamW updates the parameters of
     * the two runs differ by at most 6e-8 here (5e-2 when the reduction is left out).
     */
    private static final float TOLERANCE = 1e-6f;
    /** cuBLAS/cuDNN kernels are not bit-reproducible across devices: a looser bound on GPUs. */
    private static final float GPU_TOLERANCE = 1e-4f;

    private static final Device[] ONE = {Device.cpu()};
    private static final Device[] TWO = {Device.cpu(), Device.cpu()};

    @TempDir Path tmp;

    /** Batch 11 (shards 6 + 5; the epoch's last batch of 9: 5 + 4), accumulation 2, clipping. */
    private static TrainerConfig config(long maxSteps) {
        return TrainerConfig.of(
                AdamWConfig.of(0.01, null, null, 0.01),
                ScheduleConfig.of(ScheduleConfig.Type.COSINE, 3),
                1.0, 2, 11, maxSteps, 0, 4, 1, null, "cpu", true);
    }

    @Test
    void shardsFollowBatchifierSplit() {
        assertThat(BatchShards.ends(5, 2)).containsExactly(3, 5);
        assertThat(BatchShards.ends(11, 2)).containsExactly(6, 11);
        assertThat(BatchShards.ends(8, 4)).containsExactly(2, 4, 6, 8);
        // DJL would give 2, 2, 1 and an empty slice: the empty one is dropped.
        assertThat(BatchShards.ends(5, 4)).containsExactly(2, 4, 5);
        assertThat(BatchShards.ends(1, 2)).containsExactly(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            Batch bad = new Batch(new NDList(manager.zeros(new Shape(4, 2))), new NDList(manager.zeros(new Shape(3))));
            assertThatThrownBy(() -> BatchShards.split(bad, 2)).hasMessageContaining("4 and 3 rows");
        }
    }

    @Test
    void twoReplicasTrainLikeOneDeviceOnTheWholeBatch() throws Exception {
        // No dropout: shards draw their masks separately, so only a deterministic model can match.
        SpiralTrainingMain.run(tmp.resolve("one"), 3, config(14), ONE, 0f, List.of());
        SpiralTrainingMain.run(tmp.resolve("two"), 3, config(14), TWO, 0f, List.of());

        Map<String, float[]> one = params(tmp.resolve("one"));
        Map<String, float[]> two = params(tmp.resolve("two"));
        assertThat(two.keySet()).isEqualTo(one.keySet());
        boolean anyDifference = false;
        for (String name : one.keySet()) {
            for (int i = 0; i < one.get(name).length; i++) {
                assertThat(two.get(name)[i]).as(name + "[" + i + "]").isCloseTo(one.get(name)[i], within(TOLERANCE));
                anyDifference |= two.get(name)[i] != one.get(name)[i];
            }
        }
        // The parameters moved: 14 updates of AdamW at 1e-2 change them by far more than the tolerance.
        assertThat(one.get("0.weight")).isNotEqualTo(initialFirstWeight(3));
        List<Map<String, Double>> a = SupervisedTrainerTest.withoutTiming(tmp.resolve("one/metrics.jsonl"));
        List<Map<String, Double>> b = SupervisedTrainerTest.withoutTiming(tmp.resolve("two/metrics.jsonl"));
        assertThat(b).hasSameSizeAs(a);
        for (int row = 0; row < a.size(); row++) {
            assertThat(b.get(row).keySet()).isEqualTo(a.get(row).keySet());
            for (Map.Entry<String, Double> e : a.get(row).entrySet()) {
                assertThat(b.get(row).get(e.getKey())).as("row " + row + " " + e.getKey()).isCloseTo(e.getValue(), within(1e-4));
            }
        }
        // Sanity of the comparison: float rounding in another order shows up somewhere.
        assertThat(anyDifference || !Files.readString(tmp.resolve("one/final.params")).equals(Files.readString(tmp.resolve("two/final.params"))))
                .as("two replicas reproduce one device bit for bit, which suggests the data-parallel path did not run")
                .isTrue();
    }

    @Test
    void dataParallelRunResumesExactly() throws Exception {
        SpiralTrainingMain.run(tmp.resolve("ref"), 5, config(14), TWO, 0.1f, List.of());
        Path interrupted = tmp.resolve("crash");
        MetricsListener crash = (step, metrics) -> {
            if (step > 11) {
                throw new IllegalStateException("simulated crash at step " + step);
            }
        };
        assertThatThrownBy(() -> SpiralTrainingMain.run(interrupted, 5, config(14), TWO, 0.1f, List.of(crash)))
                .hasMessageContaining("simulated crash");
        assertThat(interrupted.resolve("checkpoints/step-000010")).isDirectory();
        SpiralTrainingMain.run(interrupted, 5, config(14), TWO, 0.1f, List.of());

        assertThat(SupervisedTrainerTest.withoutTiming(interrupted.resolve("metrics.jsonl")))
                .isEqualTo(SupervisedTrainerTest.withoutTiming(tmp.resolve("ref/metrics.jsonl")));
        assertThat(Files.readString(interrupted.resolve("final.params")))
                .isEqualTo(Files.readString(tmp.resolve("ref/final.params")));
    }

    @Test
    void eachShardUsesItsOwnReplicaAndFrozenParametersAreShared() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock model = new SequentialBlock()
                    .add(Linear.builder().setUnits(4).build())
                    .add(Linear.builder().setUnits(1).build());
            Seeds.seedEngine(9);
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
            model.getChildren().valueAt(0).freezeParameters(true);
            Parameter frozen = model.getChildren().valueAt(0).getParameters().get("weight");
            Parameter trained = model.getChildren().valueAt(1).getParameters().get("weight");
            try (DefaultLearner learner = DefaultLearner.builder()
                    .setModel(model)
                    .setOptimizer(new SgdConfig(0.1, 0, false, 0).newOptimizer(manager))
                    .optAccumulationSteps(2)
                    .optDevices(TWO)
                    .setSeed(9)
                    .build()) {
                ParameterReplicas replicas = learner.replicas();
                NDArray frozenView = replicas.store(1).getValue(frozen, Device.cpu(), true);
                NDArray replicaWeight = replicas.trainableArray(1, "1.weight");
                assertThat(frozenView).isSameAs(frozen.getArray());
                assertThat(replicaWeight).isNotSameAs(trained.getArray());

                Batch batch = new Batch(
                        new NDList(manager.randomNormal(new Shape(5, 3))), new NDList(manager.randomNormal(new Shape(5, 1))));
                Learner.StepResult first = learner.step(batch, DataParallelTest::mse);
                assertThat(first.applied()).isFalse();
                float[] g0 = trained.getArray().getGradient().toFloatArray();
                float[] g1 = replicaWeight.getGradient().toFloatArray();
                assertThat(g1).isNotEqualTo(new float[g1.length]).isNotEqualTo(g0);

                assertThat(learner.step(batch, DataParallelTest::mse).applied()).isTrue();
                // One step-time sample for the update, covering both data-parallel micro-batches.
                assertThat(learner.stepTimes().drainMedianSeconds()).isPresent();
                assertThat(replicaWeight.toFloatArray()).containsExactly(trained.getArray().toFloatArray());
                assertThat(replicaWeight.getGradient().toFloatArray()).containsOnly(0f);
                assertThat(replicas.store(1).getValue(frozen, Device.cpu(), true)).isSameAs(frozenView);
            }
        }
    }

    @Test
    void twoGpusTrainLikeOne() throws Exception {
        Assumptions.assumeTrue(Engine.getInstance().getGpuCount() >= 2, "needs 2 GPUs; DJL sees " + Engine.getInstance().getGpuCount());
        Device[] one = {Device.gpu(0)};
        Device[] two = {Device.gpu(0), Device.gpu(1)};
        SpiralTrainingMain.run(tmp.resolve("gpu1"), 3, config(14), one, 0f, List.of());
        SpiralTrainingMain.run(tmp.resolve("gpu2"), 3, config(14), two, 0f, List.of());
        Map<String, float[]> a = params(tmp.resolve("gpu1"));
        Map<String, float[]> b = params(tmp.resolve("gpu2"));
        for (String name : a.keySet()) {
            for (int i = 0; i < a.get(name).length; i++) {
                assertThat(b.get(name)[i]).as(name).isCloseTo(a.get(name)[i], within(GPU_TOLERANCE));
            }
        }
    }

    private static NDArray mse(NDList predictions, NDList labels) {
        return predictions.head().sub(labels.head()).square().mean();
    }

    private static float[] initialFirstWeight(long seed) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return ParameterDump.values(new SpiralTask(seed, 240, 0f).initialize(manager, seed)).get("0.weight");
        }
    }

    /** Parses a {@link ParameterDump#write} file. */
    private static Map<String, float[]> params(Path runDir) throws Exception {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(runDir.resolve("final.params"))) {
            int space = line.indexOf(' ');
            String[] parts = line.substring(space + 2, line.length() - 1).split(", ");
            float[] values = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                values[i] = Float.parseFloat(parts[i]);
            }
            out.put(line.substring(0, space), values);
        }
        return out;
    }
}
