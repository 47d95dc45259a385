package dev.lorakit.host.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.host.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepGridTest {

    @Test
    void combinationsVaryTheLastAxisFastest() {
        SweepGrid grid = SweepGrid.parse(List.of("lora.r=4,8,16", "trainer.lr=1e-3,1e-4"));
        assertThat(grid.combinations()).containsExactly(
                List.of("lora.r=4", "trainer.lr=1e-3"), List.of("lora.r=4", "trainer.lr=1e-4"),
                List.of("lora.r=8", "trainer.lr=1e-3"), List.of("lora.r=8", "trainer.lr=1e-4"),
                List.of("lora.r=16", "trainer.lr=1e-3"), List.of("lora.r=16", "trainer.lr=1e-4"));
    }

    @Test
    void malformedOptionsAreNamed() {
        assertThatThrownBy(() -> SweepGrid.parse(List.of("lora.r"))).isInstanceOf(ConfigException.class)
                .hasMessage("--grid lora.r: expected key.path=v1,v2,... e.g. lora.r=4,8,16");
        assertThatThrownBy(() -> SweepGrid.parse(List.of("lora.r=4", "lora.r=8")))
                .hasMessage("--grid lora.r=8: lora.r is already a grid axis");
        assertThatThrownBy(() -> SweepGrid.parse(List.of("trainer.optimizer.lr=1e-3", "trainer.lr=1e-4")))
                .hasMessage("--grid trainer.lr=1e-4: trainer.lr is already a grid axis (as trainer.optimizer.lr)");
        assertThatThrownBy(() -> SweepGrid.parse(List.of("lora.r=4,,8"))).hasMessage("--grid lora.r=4,,8: empty value");
        assertThatThrownBy(() -> SweepGrid.parse(List.of())).hasMessageStartingWith("--grid: at least one");
    }
}
