package dev.lorakit.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.api.Seeds;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void componentsGetIndependentReproducibleStreams() {
        assertThat(Seeds.random(1, "data-order").nextLong()).isEqualTo(Seeds.random(1, "data-order").nextLong());
        assertThat(Seeds.derive(1, "data-order")).isNotEqualTo(Seeds.derive(1, "env"));
        assertThat(Seeds.derive(1, "env")).isNotEqualTo(Seeds.derive(2, "env"));
        assertThat(Seeds.derive(1, "ab")).isNotEqualTo(Seeds.derive(1, "ba"));
        assertThat(Seeds.derive(1, "epoch", 0)).isNotEqualTo(Seeds.derive(1, "epoch", 1));
    }

    @Test
    void permutationIsAPermutation() {
        int[] p = Seeds.permutation(Seeds.random(3, "x"), 100);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 100; i++) {
            assertThat(sorted[i]).isEqualTo(i);
        }
        assertThat(p).isNotEqualTo(sorted);
    }

    @Test
    void devicesResolveOnThisMachine() {
        assertThat(Devices.resolve("cpu")).containsExactly(ai.djl.Device.cpu());
        assertThat(Devices.resolve("auto")).isNotEmpty();
        if (ai.djl.engine.Engine.getInstance().getGpuCount() == 0) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Devices.resolve("gpu:0"))
                    .hasMessageContaining("sees no GPU");
        }
    }
}
