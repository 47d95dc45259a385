package dev.lorakit.train.replay;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NStepReturnTest {

    private static final double GAMMA = 0.5;

    private static UniformReplayBuffer buffer(int n) {
        return UniformReplayBuffer.builder()
                .setCapacity(32)
                .setObservationShape(new Shape(1))
                .setDiscreteActions()
                .setGamma(GAMMA)
                .optNStep(n)
                .build();
    }

    /** Step t of an episode: observation t, action t, reward 1 + t, next observation t + 1. */
    private static void step(ReplayBuffer buffer, int t, boolean terminated, boolean truncated) {
        buffer.add(new float[] {t}, t, 1 + t, new float[] {t + 1}, terminated, truncated);
    }

    @Test
    void fullWindowsSumDiscountedRewardsAndBootstrapAfterNSteps() {
        UniformReplayBuffer buffer = buffer(3);
        for (int t = 0; t < 5; t++) {
            step(buffer, t, false, false);
        }
        // Windows starting at t = 0, 1, 2 are complete; t = 3, 4 are pending.
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(buffer.observationAt(0)).containsExactly(0f);
        assertThat(buffer.rewardAt(0)).isEqualTo((float) (1 + 0.5 * 2 + 0.25 * 3));
        assertThat(buffer.nextObservationAt(0)).containsExactly(3f);
        assertThat(buffer.stepsAt(0)).isEqualTo(3);
        assertThat(buffer.actionAt(2)).isEqualTo(2);
        assertThat(buffer.nextObservationAt(2)).containsExactly(5f);
        assertThat(buffer.terminatedAt(2)).isFalse();
    }

    @Test
    void terminationCutsEveryPendingWindowWithoutBootstrap() {
        UniformReplayBuffer buffer = buffer(3);
        step(buffer, 0, false, false);
        step(buffer, 1, false, false);
        step(buffer, 2, false, false); // emits window 0
        step(buffer, 3, true, false); // episode ends: windows 1, 2, 3 leave at once
        assertThat(buffer.size()).isEqualTo(4);
        // Window 1 spans steps 1..3 (3 steps), window 2 spans 2..3, window 3 spans only 3.
        assertThat(buffer.rewardAt(1)).isEqualTo((float) (2 + 0.5 * 3 + 0.25 * 4));
        assertThat(buffer.rewardAt(2)).isEqualTo((float) (3 + 0.5 * 4));
        assertThat(buffer.rewardAt(3)).isEqualTo(4f);
        assertThat(buffer.stepsAt(2)).isEqualTo(2);
        assertThat(buffer.stepsAt(3)).isEqualTo(1);
        for (int slot = 1; slot < 4; slot++) {
            assertThat(buffer.terminatedAt(slot)).isTrue();
            assertThat(buffer.nextObservationAt(slot)).containsExactly(4f);
        }
        assertThat(buffer.terminatedAt(0)).isFalse();
        // The next episode starts a fresh window: nothing crosses the boundary.
        step(buffer, 10, false, false);
        step(buffer, 11, false, false);
        assertThat(buffer.size()).isEqualTo(4);
        step(buffer, 12, false, false);
        assertThat(buffer.observationAt(4)).containsExactly(10f);
        assertThat(buffer.rewardAt(4)).isEqualTo((float) (11 + 0.5 * 12 + 0.25 * 13));
    }

    @Test
    void truncationCutsWindowsButKeepsTheBootstrapWithShorterDiscount() {
        UniformReplayBuffer buffer = buffer(3);
        step(buffer, 0, false, false);
        step(buffer, 1, false, true);
        assertThat(buffer.size()).isEqualTo(2);
        assertThat(buffer.terminatedAt(0)).isFalse();
        assertThat(buffer.truncatedAt(0)).isTrue();
        assertThat(buffer.rewardAt(0)).isEqualTo((float) (1 + 0.5 * 2));
        assertThat(buffer.nextObservationAt(0)).containsExactly(2f);
        try (NDManager manager = NDManager.newBaseManager()) {
            ReplayBatch batch = buffer.sample(manager, 8, new Random(2));
            float[] discounts = batch.discounts().toFloatArray();
            float[] terminated = batch.terminated().toFloatArray();
            for (int i = 0; i < 8; i++) {
                int slot = batch.indices()[i];
                // slot 0 spans 2 steps (gamma^2), slot 1 spans 1 (gamma); neither is terminal.
                assertThat(discounts[i]).isEqualTo(slot == 0 ? 0.25f : 0.5f);
                assertThat(terminated[i]).isZero();
            }
        }
    }

    @Test
    void pendingStepsSurviveSaveAndLoad() throws Exception {
        UniformReplayBuffer original = buffer(3);
        step(original, 0, false, false);
        step(original, 1, false, false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        original.save(bytes);
        UniformReplayBuffer restored = buffer(3);
        restored.load(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(restored.size()).isZero();
        step(restored, 2, false, false);
        assertThat(restored.size()).isEqualTo(1);
        assertThat(restored.observationAt(0)).containsExactly(0f);
        assertThat(restored.rewardAt(0)).isEqualTo((float) (1 + 0.5 * 2 + 0.25 * 3));
    }
}
