package dev.lorakit.cli.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.host.compare.CompareMode;
import dev.lorakit.host.compare.ComparePlan;
import dev.lorakit.host.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which comparison directories a {@code compare} command may start in or continue. */
class CompareInvocationTest {

    @TempDir Path tmp;

    private static CompareInvocation of(String config, String... extra) {
        List<String> overrides = new java.util.ArrayList<>(List.of(extra));
        overrides.add("seed=1");
        return CompareInvocation.of(new ComparePlan(Path.of(config), "x", List.of(CompareMode.LORA), List.of(1L),
                List.of(new ComparePlan.Run(CompareMode.LORA, 1, List.copyOf(overrides), "lora__seed-1"))));
    }

    @Test
    void aNewDirectoryIsClaimedAndTheSameCommandContinuesIt() throws Exception {
        Path dir = tmp.resolve("cmp");
        assertThat(of("configs/a.yaml").claim(dir)).isFalse();
        assertThat(dir.resolve(CompareInvocation.FILE)).isRegularFile();
        assertThat(of("configs/a.yaml").claim(dir)).as("same command: continue").isTrue();
    }

    @Test
    void anotherCommandOrAFinishedComparisonIsRefused() throws Exception {
        Path dir = tmp.resolve("cmp");
        of("configs/a.yaml").claim(dir);
        assertThatThrownBy(() -> of("configs/a.yaml", "trainer.lr=0.1").claim(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("trainer.lr=0.1").hasMessageContaining("Repeat the first command's arguments");
        assertThatThrownBy(() -> of("configs/b.yaml").claim(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("b.yaml");
        Files.writeString(dir.resolve("compare.json"), "{}");
        assertThatThrownBy(() -> of("configs/a.yaml").claim(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("finished comparison");
    }

    @Test
    void runsWithoutARecordAreNotMixedIn() throws Exception {
        Path dir = tmp.resolve("old");
        Files.createDirectories(dir.resolve("lora__seed-1"));
        assertThatThrownBy(() -> of("configs/a.yaml").claim(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("already holds a comparison");
    }
}
