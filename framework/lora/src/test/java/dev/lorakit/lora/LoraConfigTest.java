package dev.lorakit.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoraConfigTest {

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void bindsSnakeCaseYamlWithDefaults() throws Exception {
        LoraConfig c = yaml.readValue("""
                r: 16
                alpha: 32
                target_modules: [query, "regex:.*value"]
                rank_pattern: {query: 4}
                use_rslora: true
                init: pissa
                bias: lora_only
                modules_to_save: [classifier]
                """, LoraConfig.class);
        assertThat(c.r()).isEqualTo(16);
        assertThat(c.alpha()).isEqualTo(32);
        assertThat(c.dropout()).isZero();
        assertThat(c.targetModules()).containsExactly("query", "regex:.*value");
        assertThat(c.rankPattern()).containsEntry("query", 4);
        assertThat(c.init()).isEqualTo(LoraInit.PISSA);
        assertThat(c.bias()).isEqualTo(LoraBias.LORA_ONLY);
        assertThat(c.modulesToSave()).containsExactly("classifier");
        LoraConfig defaults = yaml.readValue("target_modules: [q]", LoraConfig.class);
        assertThat(defaults.r()).isEqualTo(8);
        assertThat(defaults.alpha()).isEqualTo(8);
        assertThat(defaults.init()).isEqualTo(LoraInit.DEFAULT);
        assertThat(yaml.readValue(yaml.writeValueAsString(c), LoraConfig.class)).isEqualTo(c);
        assertThat(yaml.writeValueAsString(c)).contains("target_modules").contains("lora_only");
    }

    @Test
    void unknownKeysAndBadValuesNameTheKey() {
        assertThatThrownBy(() -> yaml.readValue("rank: 8", LoraConfig.class)).hasMessageContaining("rank");
        assertThatThrownBy(() -> yaml.readValue("r: 0", LoraConfig.class)).hasMessageContaining("lora.r must be >= 1, got 0");
        assertThatThrownBy(() -> yaml.readValue("init: kaiming", LoraConfig.class)).hasMessageContaining("lora.init must be one of [default, gaussian, pissa], got 'kaiming'");
        assertThatThrownBy(() -> yaml.readValue("bias: some", LoraConfig.class)).hasMessageContaining("lora.bias must be one of");
        assertThatThrownBy(() -> LoraConfig.of("q").withDropout(1)).hasMessageContaining("lora.dropout must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> LoraConfig.of("q", "regex:(")).hasMessageContaining("lora.target_modules[1] is not a valid regex");
        assertThatThrownBy(() -> LoraConfig.of("q").withPatterns(Map.of("q", 0), Map.of())).hasMessageContaining("lora.rank_pattern[\"q\"] must be >= 1");
        assertThatThrownBy(() -> LoraConfig.of("q").withAlpha(-1)).hasMessageContaining("lora.alpha");
    }

    @Test
    void emptyTargetsTakeTheTaskDefaults() {
        LoraConfig c = LoraConfig.bind(4, null, null, null, null, null, null, null, null, null, null);
        assertThat(c.withDefaults(List.of("q", "v"), List.of("classifier")).targetModules()).containsExactly("q", "v");
        assertThat(LoraConfig.of("k").withDefaults(List.of("q"), List.of()).targetModules()).containsExactly("k");
    }
}
