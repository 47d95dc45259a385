package dev.lorakit.host.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.host.config.ConfigException;
import dev.lorakit.host.plugin.PluginLoader;
import dev.lorakit.host.plugin.PluginRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparePlanTest {

    private static PluginRegistry plugins;

    @TempDir Path dir;

    @BeforeAll
    static void loadPlugins() {
        plugins = PluginLoader.builder().optClasspath(ComparePlanTest.class.getClassLoader()).build().load();
    }

    @AfterAll
    static void closePlugins() {
        plugins.close();
    }

    @Test
    void runsEveryModePerSeedDifferingOnlyInLoraEnabledAndSeed() throws Exception {
        Path config = Files.writeString(dir.resolve("spirals.yaml"), "plugin: fixture\nseed: 5\n");
        ComparePlan plan = ComparePlan.of(config, CompareMode.parseList("lora,full"), 2,
                List.of("trainer.max_steps=10"), plugins);

        assertThat(plan.name()).isEqualTo("spirals");
        assertThat(plan.seeds()).containsExactly(5L, 6L);
        assertThat(plan.runs()).extracting(ComparePlan.Run::directoryName)
                .containsExactly("lora__seed-5", "full__seed-5", "lora__seed-6", "full__seed-6");
        assertThat(plan.runs().get(1).overrides())
                .containsExactly("trainer.max_steps=10", "lora.enabled=false", "seed=5");
    }

    @Test
    void refusesBadModesSeedsAndConfigsBeforeAnythingRuns() throws Exception {
        assertThatThrownBy(() -> CompareMode.parseList("lora,ful")).isInstanceOf(ConfigException.class)
                .hasMessage("--modes: unknown mode \"ful\"; valid modes: lora, full");
        assertThatThrownBy(() -> CompareMode.parseList("full,full")).hasMessageContaining("listed twice");
        Path config = Files.writeString(dir.resolve("x.yaml"), "plugin: fixture\n");
        assertThatThrownBy(() -> ComparePlan.of(config, List.of(CompareMode.LORA), 0, List.of(), plugins))
                .isInstanceOf(ConfigException.class).hasMessage("--seeds must be >= 1, got 0");
        assertThatThrownBy(() -> ComparePlan.of(config, List.of(CompareMode.LORA), 1, List.of("lora.r=0"), plugins))
                .isInstanceOf(ConfigException.class).hasMessageContaining("lora.r must be >= 1, got 0");
    }
}
