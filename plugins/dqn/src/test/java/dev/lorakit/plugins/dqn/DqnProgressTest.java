package dev.lorakit.plugins.dqn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DqnProgressTest {

    @Test
    void restoredProgressContinuesTheSameRandomStreamAndTarget() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            QNetwork network = QNetworkTest.cartPoleNetwork(manager);
            DqnProgress original = new DqnProgress(new Random(42));
            original.target = new TargetNetwork(EffectiveLinear.probeAll(network, manager), manager);
            original.step = 1234;
            original.episode = 17;
            original.solvedAtStep = 1000;
            original.random.nextDouble(); // advance the stream
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            original.save(bytes);

            QNetwork other = QNetworkTest.cartPoleNetwork(manager); // different init
            DqnProgress restored = new DqnProgress(new Random(7));
            restored.target = new TargetNetwork(EffectiveLinear.probeAll(other, manager), manager);
            restored.load(new ByteArrayInputStream(bytes.toByteArray()));

            assertThat(restored.step).isEqualTo(1234);
            assertThat(restored.episode).isEqualTo(17);
            assertThat(restored.solvedAtStep).isEqualTo(1000);
            for (int i = 0; i < 10; i++) {
                assertThat(restored.random.nextLong()).isEqualTo(original.random.nextLong());
            }
            for (int i = 0; i < original.target.arrays().size(); i++) {
                assertThat(restored.target.arrays().get(i).toFloatArray())
                        .containsExactly(original.target.arrays().get(i).toFloatArray());
            }
            original.target.close();
            restored.target.close();
        }
    }

    @Test
    void rejectsForeignState() {
        DqnProgress progress = new DqnProgress(new Random(1));
        assertThatThrownBy(() -> progress.load(new ByteArrayInputStream(new byte[] {0, 3, 'a', 'b', 'c'})))
                .hasMessageContaining("not a DQN progress state");
    }
}
