package dev.lorakit.train.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PrioritizedReplayBufferTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static PrioritizedReplayBuffer buffer(int capacity, double alpha) {
        return PrioritizedReplayBuffer.builder()
                .setCapacity(capacity)
                .setObservationShape(new Shape(2))
                .setDiscreteActions()
                .setGamma(0.99)
                .optAlpha(alpha)
                .optBeta(0.4, 100)
                .build();
    }

    private static PrioritizedReplayBuffer withPriorities(double alpha) {
        PrioritizedReplayBuffer buffer = buffer(10, alpha);
        UniformReplayBufferTest.addSteps(buffer, 0, 10);
        int[] slots = new int[10];
        float[] errors = new float[10];
        for (int i = 0; i < 10; i++) {
            slots[i] = i;
            errors[i] = i + 1; // priorities 1..10
        }
        buffer.updatePriorities(slots, errors);
        return buffer;
    }

    private static int[] sampleCounts(PrioritizedReplayBuffer buffer, int batches, int batchSize, long seed) {
        int[] counts = new int[buffer.size()];
        Random random = new Random(seed);
        try (NDManager step = manager.newSubManager()) {
            for (int b = 0; b < batches; b++) {
                for (int i : buffer.sample(step, batchSize, random).indices()) {
                    counts[i]++;
                }
            }
        }
        return counts;
    }

    @Test
    void samplingDistributionMatchesPrioritiesByChiSquare() {
        PrioritizedReplayBuffer buffer = withPriorities(0.7);
        int draws = 20_000;
        int[] counts = sampleCounts(buffer, 40, 500, 11);
        double norm = 0;
        for (int i = 1; i <= 10; i++) {
            norm += Math.pow(i + 1e-6, 0.7);
        }
        double[] expected = new double[10];
        double[] uniform = new double[10];
        for (int i = 0; i < 10; i++) {
            expected[i] = draws * Math.pow(i + 1 + 1e-6, 0.7) / norm;
            uniform[i] = draws / 10.0;
            assertThat(buffer.probability(i)).isCloseTo(expected[i] / draws, within(1e-9));
        }
        assertThat(ChiSquare.statistic(counts, expected)).isLessThan(ChiSquare.CRITICAL_9_DOF_P001);
        // The same counts are far from uniform: the test can tell the two apart.
        assertThat(ChiSquare.statistic(counts, uniform)).isGreaterThan(10 * ChiSquare.CRITICAL_9_DOF_P001);
    }

    @Test
    void importanceWeightsFollowPriorityAndBetaAnnealing() {
        PrioritizedReplayBuffer buffer = withPriorities(1.0);
        // 10 steps added of 100 anneal steps: beta = 0.4 + 0.1 * 0.6.
        assertThat(buffer.beta()).isCloseTo(0.46, within(1e-12));
        try (NDManager step = manager.newSubManager()) {
            ReplayBatch batch = buffer.sample(step, 64, new Random(5));
            float[] weights = batch.weights().toFloatArray();
            for (int i = 0; i < 64; i++) {
                int slot = batch.indices()[i];
                // w = (N P)^-beta / (N Pmin)^-beta = (p_min / p)^beta with p = slot + 1.
                double expected = Math.pow((1 + 1e-6) / (slot + 1 + 1e-6), 0.46);
                assertThat((double) weights[i]).isCloseTo(expected, within(1e-5));
            }
        }
        UniformReplayBufferTest.addSteps(buffer, 10, 200);
        assertThat(buffer.beta()).isEqualTo(1.0);
    }

    @Test
    void newTransitionsGetTheLargestPrioritySeen() {
        PrioritizedReplayBuffer buffer = buffer(4, 1.0);
        UniformReplayBufferTest.addSteps(buffer, 0, 2);
        buffer.updatePriorities(new int[] {0, 1}, new float[] {5f, 1f});
        UniformReplayBufferTest.addSteps(buffer, 2, 3);
        assertThat(buffer.probability(2)).isCloseTo(buffer.probability(0), within(1e-12));
        // A zero TD error still leaves probability above zero.
        buffer.updatePriorities(new int[] {1}, new float[] {0f});
        assertThat(buffer.probability(1)).isGreaterThan(0);
    }

    @Test
    void overwrittenSlotsAreSampledWithTheirNewPriority() {
        PrioritizedReplayBuffer buffer = buffer(3, 1.0);
        UniformReplayBufferTest.addSteps(buffer, 0, 3);
        buffer.updatePriorities(new int[] {0, 1, 2}, new float[] {1f, 1f, 1f});
        UniformReplayBufferTest.addSteps(buffer, 3, 4); // overwrites slot 0 at max priority 1+eps
        assertThat(buffer.observationAt(0)).containsExactly(3f, -3f);
        assertThat(buffer.probability(0)).isCloseTo(1.0 / 3, within(1e-6));
    }

    @Test
    void savedAndLoadedBufferSamplesIdentically() throws Exception {
        PrioritizedReplayBuffer original = withPriorities(0.6);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        original.save(bytes);
        PrioritizedReplayBuffer restored = buffer(10, 0.6);
        restored.load(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(restored.beta()).isEqualTo(original.beta());
        for (int i = 0; i < 10; i++) {
            assertThat(restored.probability(i)).isEqualTo(original.probability(i));
        }
        UniformReplayBufferTest.addSteps(original, 10, 12);
        UniformReplayBufferTest.addSteps(restored, 10, 12);
        try (NDManager step = manager.newSubManager()) {
            ReplayBatch a = original.sample(step, 32, new Random(9));
            ReplayBatch b = restored.sample(step, 32, new Random(9));
            assertThat(b.indices()).containsExactly(a.indices());
            assertThat(b.weights().toFloatArray()).containsExactly(a.weights().toFloatArray());
        }
    }
}
