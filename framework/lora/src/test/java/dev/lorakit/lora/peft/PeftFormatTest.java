package dev.lorakit.lora.peft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.lora.LoraBias;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraInit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PEFT's conventions as read in PEFT's source (utils/save_and_load.py, tuners/lora/config.py). */
class PeftFormatTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void keysFollowPeftSaveAndLoad() {
        assertThat(PeftFormat.toPeftKey("encoder.layer.0.attention.self.query.lora_A.default.weight", "default"))
                .isEqualTo("base_model.model.encoder.layer.0.attention.self.query.lora_A.weight");
        assertThat(PeftFormat.toPeftKey("emb.lora_embedding_B.other", "other")).isEqualTo("base_model.model.emb.lora_embedding_B");
        assertThat(PeftFormat.toPeftKey("classifier.weight", "default")).isEqualTo("base_model.model.classifier.weight");
        for (String k : new String[] {"a.b.lora_A.x.weight", "a.lora_B.x.weight", "e.lora_embedding_A.x", "head.bias"}) {
            assertThat(PeftFormat.toInternalKey(PeftFormat.toPeftKey(k, "x"), "x")).isEqualTo(k);
        }
        // The bias of an adapted layer lives inside PEFT's wrapper (PEFT 0.21's save_pretrained key).
        assertThat(PeftFormat.toPeftKey("0.bias", "default", java.util.Set.of("0"))).isEqualTo("base_model.model.0.base_layer.bias");
        assertThat(PeftFormat.toPeftKey("2.bias", "default", java.util.Set.of("0"))).isEqualTo("base_model.model.2.bias");
        assertThat(PeftFormat.toPeftKey("0.lora_A.default.weight", "default", java.util.Set.of("0"))).isEqualTo("base_model.model.0.lora_A.weight");
        assertThat(PeftFormat.toInternalKey("base_model.model.0.base_layer.bias", "default")).isEqualTo("0.bias");
        assertThatThrownBy(() -> PeftFormat.toPeftKey("fc.lora_A.default.weight", "other")).hasMessageContaining("belongs to adapter 'default'");
        assertThatThrownBy(() -> PeftFormat.toInternalKey("model.fc.lora_A.weight", "default")).hasMessageContaining("base_model.model.");
    }

    @Test
    void configUsesPeftFieldNamesAndRoundTrips() {
        LoraConfig c = LoraConfig.of("query", "value").withR(16).withAlpha(32).withDropout(0.05).withRslora(true)
                .withBias(LoraBias.LORA_ONLY).withModulesToSave("classifier").withInit(LoraInit.GAUSSIAN)
                .withPatterns(Map.of("layer.0.query", 4), Map.of("layer.0.query", 8.0));
        JsonNode o = PeftFormat.toAdapterConfig(c, new PeftMetadata("bert-base-uncased", "SEQ_CLS"), json);
        assertThat(o.get("peft_type").asText()).isEqualTo("LORA");
        assertThat(o.get("r").asInt()).isEqualTo(16);
        assertThat(o.get("lora_alpha").isInt()).isTrue();
        assertThat(o.get("lora_alpha").asInt()).isEqualTo(32);
        assertThat(o.get("lora_dropout").asDouble()).isEqualTo(0.05);
        assertThat(o.get("target_modules").isArray()).isTrue();
        assertThat(o.get("use_rslora").asBoolean()).isTrue();
        assertThat(o.get("bias").asText()).isEqualTo("lora_only");
        assertThat(o.get("init_lora_weights").asText()).isEqualTo("gaussian");
        assertThat(o.get("modules_to_save").get(0).asText()).isEqualTo("classifier");
        assertThat(o.get("rank_pattern").get("layer.0.query").asInt()).isEqualTo(4);
        assertThat(o.get("base_model_name_or_path").asText()).isEqualTo("bert-base-uncased");
        assertThat(o.get("task_type").asText()).isEqualTo("SEQ_CLS");
        assertThat(PeftFormat.fromAdapterConfig(o, "x")).isEqualTo(c);
        assertThat(PeftFormat.toAdapterConfig(LoraConfig.of("q"), PeftMetadata.NONE, json).get("init_lora_weights").asBoolean()).isTrue();
    }

    @Test
    void regexTargetsBecomeOnePeftRegexString() throws Exception {
        JsonNode one = PeftFormat.toAdapterConfig(LoraConfig.of("regex:.*\\.(q|v)"), PeftMetadata.NONE, json);
        assertThat(one.get("target_modules").asText()).isEqualTo(".*\\.(q|v)");
        assertThat(PeftFormat.fromAdapterConfig(one, "x").targetModules()).containsExactly("regex:.*\\.(q|v)");
        JsonNode mixed = PeftFormat.toAdapterConfig(LoraConfig.of("self.query", "regex:.*dense"), PeftMetadata.NONE, json);
        String regex = mixed.get("target_modules").asText();
        assertThat("encoder.layer.0.attention.self.query").matches(regex);
        assertThat("output.dense").matches(regex);
        assertThat("encoder.self_query").doesNotMatch(regex);
    }

    @Test
    void refusesWhatLorakitCannotLoad() throws Exception {
        JsonNode dora = json.readTree("{\"peft_type\":\"LORA\",\"r\":8,\"target_modules\":[\"q\"],\"use_dora\":true}");
        assertThatThrownBy(() -> PeftFormat.fromAdapterConfig(dora, "cfg.json")).hasMessageContaining("cfg.json: use_dora is true");
        JsonNode ia3 = json.readTree("{\"peft_type\":\"IA3\"}");
        assertThatThrownBy(() -> PeftFormat.fromAdapterConfig(ia3, "cfg.json")).hasMessageContaining("peft_type is 'IA3'");
        JsonNode bad = json.readTree("{\"peft_type\":\"LORA\",\"r\":0,\"target_modules\":[\"q\"]}");
        assertThatThrownBy(() -> PeftFormat.fromAdapterConfig(bad, "cfg.json")).hasMessageContaining("cfg.json: lora.r must be >= 1");
    }
}
