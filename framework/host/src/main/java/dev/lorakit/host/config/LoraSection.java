package dev.lorakit.host.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code lora:} section: either LoRA with its settings, or full fine-tuning of the task's
 * model ({@code lora: {enabled: false}}), which the compare runs use as the baseline.
 *
 * <p>The settings are kept as the YAML mapping (with the plugin's default {@code
 * target_modules} and {@code modules_to_save} filled in) until {@code dev.lorakit.lora.LoraConfig}
 * lands on main and binds them.
 *
 * @param enabled true for LoRA, false for full fine-tuning
 * @param settings the LoRA settings (without {@code enabled}); empty when disabled
 */
public record LoraSection(boolean enabled, ObjectNode settings) {

    /**
     * Copies the settings.
     *
     * @param enabled true for LoRA
     * @param settings the settings mapping
     */
    public LoraSection {
        settings = settings == null ? ConfigMapper.YAML.createObjectNode() : settings.deepCopy();
    }
}
