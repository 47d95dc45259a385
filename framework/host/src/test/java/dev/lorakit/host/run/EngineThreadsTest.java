package dev.lorakit.host.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.api.PluginDescriptor;
import dev.lorakit.host.config.ConfigException;
import dev.lorakit.host.plugin.PluginDescriptors;
import dev.lorakit.host.plugin.PluginException;
import org.junit.jupiter.api.Test;

class EngineThreadsTest {

    private static final PluginDescriptor HINT_1 = descriptor(1);
    private static final PluginDescriptor NO_HINT = descriptor(null);

    private static PluginDescriptor descriptor(Integer threads) {
        return new PluginDescriptor("dqn", "0.1.0", "^0.1.0", "DQN", "Apache-2.0", "x.DqnModule", threads);
    }

    @Test
    void thePluginHintAppliesWhenTheUserSaysNothing() {
        EngineThreads.Choice choice = EngineThreads.choose(null, null, null, HINT_1);
        assertThat(choice.threads()).isEqualTo(1);
        assertThat(choice.describe())
                .isEqualTo("1 intra-op thread (plugin dqn's hint; --threads N or LORAKIT_THREADS overrides it)");
        assertThat(EngineThreads.choose(null, null, null, NO_HINT).threads()).isNull();
    }

    @Test
    void theUserWinsInOrderOptionEnvironmentProperty() {
        assertThat(EngineThreads.choose(3, "4", "5", HINT_1)).isEqualTo(new EngineThreads.Choice(3, "--threads"));
        assertThat(EngineThreads.choose(null, "4", "5", HINT_1)).isEqualTo(new EngineThreads.Choice(4, "LORAKIT_THREADS"));
        assertThat(EngineThreads.choose(null, " ", "5", HINT_1))
                .isEqualTo(new EngineThreads.Choice(5, "-Dai.djl.pytorch.num_threads"));
        assertThat(EngineThreads.choose(null, null, "2", NO_HINT).describe())
                .isEqualTo("2 intra-op threads (-Dai.djl.pytorch.num_threads)");
    }

    @Test
    void badValuesNameWhereTheyCameFrom() {
        assertThatThrownBy(() -> EngineThreads.choose(0, null, null, HINT_1)).isInstanceOf(ConfigException.class)
                .hasMessage("--threads must be a whole number >= 1, got 0");
        assertThatThrownBy(() -> EngineThreads.choose(null, "two", null, HINT_1))
                .hasMessage("LORAKIT_THREADS=\"two\" is not a whole number >= 1");
        assertThatThrownBy(() -> EngineThreads.choose(null, null, "-1", HINT_1))
                .hasMessage("-Dai.djl.pytorch.num_threads must be a whole number >= 1, got -1");
    }

    @Test
    void theHintIsReadFromTheDescriptorFile() {
        String json = "{\"id\": \"dqn\", \"version\": \"0.1.0\", \"requires\": \"^0.1.0\", \"description\": \"d\","
                + " \"license\": \"MIT\", \"entry_module\": \"x.M\"%s}";
        assertThat(PluginDescriptors.parse(stream(String.format(json, ", \"threads\": 1"))).threads()).isEqualTo(1);
        assertThat(PluginDescriptors.parse(stream(String.format(json, ""))).threads()).isNull();
        assertThatThrownBy(() -> PluginDescriptors.parse(stream(String.format(json, ", \"threads\": 0"))))
                .isInstanceOf(PluginException.class)
                .hasMessage("lorakit-plugin.json: threads must be >= 1 (or absent for the engine's default), got 0");
    }

    private static java.io.InputStream stream(String s) {
        return new java.io.ByteArrayInputStream(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aDescriptorRefusesAHintBelowOne() {
        assertThatThrownBy(() -> descriptor(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threads must be >= 1 (or absent for the engine's default), got 0");
    }
}
