package dev.lorakit.train.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UniformReplayBufferTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static UniformReplayBuffer buffer(int capacity) {
        return UniformReplayBuffer.builder()
                .setCapacity(capacity)
                .setObservationShape(new Shape(2))
                .setDiscreteActions()
                .setGamma(0.9)
                .build();
    }

    /** Transition t has observation (t, -t), action t % 3, reward t, next observation (t+1, -t-1). */
    static void addSteps(ReplayBuffer buffer, int from, int to) {
        for (int t = from; t < to; t++) {
            buffer.add(new float[] {t, -t}, t % 3, t, new float[] {t + 1, -t - 1}, false, false);
        }
    }

    @Test
    void wrapsAroundOverwritingTheOldest() {
        UniformReplayBuffer buffer = buffer(5);
        addSteps(buffer, 0, 7);
        assertThat(buffer.size()).isEqualTo(5);
        assertThat(buffer.added()).isEqualTo(7);
        assertThat(buffer.position()).isEqualTo(2);
        // Slots 0 and 1 were overwritten by steps 5 and 6; slots 2..4 still hold steps 2..4.
        assertThat(buffer.observationAt(0)).containsExactly(5f, -5f);
        assertThat(buffer.observationAt(1)).containsExactly(6f, -6f);
        assertThat(buffer.observationAt(2)).containsExactly(2f, -2f);
        assertThat(buffer.nextObservationAt(1)).containsExactly(7f, -7f);
        assertThat(buffer.actionAt(1)).isEqualTo(0);
        assertThat(buffer.rewardAt(4)).isEqualTo(4f);
    }

    @Test
    void samplesOnlyStoredTransitionsIntoBatches() {
        UniformReplayBuffer buffer = buffer(8);
        addSteps(buffer, 0, 3);
        try (NDManager step = manager.newSubManager()) {
            ReplayBatch batch = buffer.sample(step, 64, new Random(1));
            assertThat(batch.observations().getShape()).isEqualTo(new Shape(64, 2));
            assertThat(batch.actions().getDataType()).isEqualTo(DataType.INT64);
            assertThat(batch.indices()).containsAnyOf(0, 1, 2).doesNotContain(-1, 3, 4, 5, 6, 7);
            float[] obs = batch.observations().toFloatArray();
            long[] actions = batch.actions().toLongArray();
            float[] rewards = batch.rewards().toFloatArray();
            float[] discounts = batch.discounts().toFloatArray();
            for (int i = 0; i < 64; i++) {
                int t = batch.indices()[i];
                assertThat(obs[2 * i]).isEqualTo(t);
                assertThat(actions[i]).isEqualTo(t % 3);
                assertThat(rewards[i]).isEqualTo(t);
                assertThat(discounts[i]).isEqualTo(0.9f);
            }
            assertThat(batch.weights().toFloatArray()).containsOnly(1f);
        }
    }

    @Test
    void uniformSamplingCoversEverySlotEvenly() {
        UniformReplayBuffer buffer = buffer(10);
        addSteps(buffer, 0, 10);
        int[] counts = new int[10];
        Random random = new Random(7);
        try (NDManager step = manager.newSubManager()) {
            for (int b = 0; b < 20; b++) {
                for (int i : buffer.sample(step, 500, random).indices()) {
                    counts[i]++;
                }
            }
        }
        double[] expected = new double[10];
        java.util.Arrays.fill(expected, 1000);
        assertThat(ChiSquare.statistic(counts, expected)).isLessThan(ChiSquare.CRITICAL_9_DOF_P001);
    }

    @Test
    void savedAndLoadedBufferSamplesIdentically() throws Exception {
        UniformReplayBuffer original = buffer(6);
        addSteps(original, 0, 9);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        original.save(bytes);
        UniformReplayBuffer restored = buffer(6);
        restored.load(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(restored.size()).isEqualTo(6);
        assertThat(restored.position()).isEqualTo(original.position());
        assertThat(restored.added()).isEqualTo(9);
        addSteps(original, 9, 11);
        addSteps(restored, 9, 11);
        try (NDManager step = manager.newSubManager()) {
            ReplayBatch a = original.sample(step, 16, new Random(3));
            ReplayBatch b = restored.sample(step, 16, new Random(3));
            assertThat(b.indices()).containsExactly(a.indices());
            assertThat(b.observations().toFloatArray()).containsExactly(a.observations().toFloatArray());
            assertThat(b.nextObservations().toFloatArray())
                    .containsExactly(a.nextObservations().toFloatArray());
        }
    }

    @Test
    void loadRejectsStateOfAnotherShapeNamingTheField() throws Exception {
        UniformReplayBuffer original = buffer(6);
        addSteps(original, 0, 2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        original.save(bytes);
        UniformReplayBuffer other = buffer(7);
        assertThatThrownBy(() -> other.load(new ByteArrayInputStream(bytes.toByteArray())))
                .isInstanceOf(StateFormatException.class)
                .hasMessageContaining("capacity is 6 but this buffer has 7");
    }

    @Test
    void storesContinuousActions() {
        UniformReplayBuffer buffer =
                UniformReplayBuffer.builder()
                        .setCapacity(4)
                        .setObservationShape(new Shape(1))
                        .setContinuousActions(2)
                        .setGamma(0.99)
                        .build();
        buffer.add(new float[] {1}, new float[] {0.5f, -0.5f}, 1f, new float[] {2}, false, false);
        try (NDManager step = manager.newSubManager()) {
            ReplayBatch batch = buffer.sample(step, 2, new Random(0));
            assertThat(batch.actions().getShape()).isEqualTo(new Shape(2, 2));
            assertThat(batch.actions().toFloatArray()).containsExactly(0.5f, -0.5f, 0.5f, -0.5f);
        }
        assertThatThrownBy(() -> buffer.add(new float[] {1}, 1, 1f, new float[] {2}, false, false))
                .hasMessageContaining("continuous actions");
    }

    @Test
    void builderAndAddRejectBadInputNamingIt() {
        assertThatThrownBy(() -> UniformReplayBuffer.builder().setCapacity(0).build())
                .hasMessageContaining("capacity must be >= 1, got 0");
        assertThatThrownBy(
                        () -> UniformReplayBuffer.builder()
                                .setCapacity(4)
                                .setObservationShape(new Shape(2))
                                .setDiscreteActions()
                                .build())
                .hasMessageContaining("gamma must be in [0, 1], got NaN");
        assertThatThrownBy(
                        () -> UniformReplayBuffer.builder()
                                .setCapacity(4)
                                .setObservationShape(new Shape(2))
                                .setGamma(0.9)
                                .build())
                .hasMessageContaining("setDiscreteActions()");
        UniformReplayBuffer buffer = buffer(4);
        assertThatThrownBy(() -> buffer.add(new float[3], 0, 0f, new float[2], false, false))
                .hasMessageContaining("observation has 3 values; the buffer stores 2");
        assertThatThrownBy(() -> buffer.sample(manager, 4, new Random()))
                .hasMessageContaining("empty replay buffer");
    }
}
