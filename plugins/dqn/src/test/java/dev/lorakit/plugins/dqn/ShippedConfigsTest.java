package dev.lorakit.plugins.dqn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lorakit.env.Environment;
import dev.lorakit.env.Environments;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The DQN configs in {@code configs/} bind, and their environments exist with their overrides. */
class ShippedConfigsTest {

    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @ParameterizedTest
    @ValueSource(strings = {"cartpole-dqn", "cartpole-long-pole-lora", "cartpole-long-pole-full", "cartpole-long-pole-scratch",
        "cartpole-heavy-pole-lora", "cartpole-heavy-pole-full", "cartpole-heavy-pole-scratch"})
    void configBindsAndNamesARealEnvironment(String name) throws Exception {
        Path file = Path.of("../../configs", name + ".yaml");
        JsonNode root = YAML.readTree(file.toFile());
        assertThat(root.get("plugin").asText()).isEqualTo(DqnPlugin.ID);
        DqnConfig config = YAML.treeToValue(root.get("dqn"), DqnConfig.class);
        assertThat(config.solveThreshold()).isEqualTo(475.0);
        try (Environment env = Environments.make(config.env(), config.envKwargs())) {
            assertThat(env.observationSpace().flatSize()).isEqualTo(4);
        }
        if (name.startsWith("cartpole-long-pole")) {
            assertThat(config.envKwargs()).containsOnly(Map.entry("length", 1.0), Map.entry("masspole", 0.3));
        }
        if (name.startsWith("cartpole-heavy-pole")) {
            assertThat(config.envKwargs()).containsOnly(
                    Map.entry("length", 2.0), Map.entry("masspole", 0.5), Map.entry("force_mag", 5.0));
        }
        // Transfer runs start from the base run through the host's init_from; the rest from scratch.
        boolean transfer = name.endsWith("-lora") || name.endsWith("-full");
        assertThat(root.path("init_from").asText(null)).isEqualTo(transfer ? "../runs/cartpole-dqn" : null);
    }
}
