package dev.lorakit.host.config;

import dev.lorakit.lora.LoraConfig;
import java.util.Objects;

/**
 * The {@code lora:} section: LoRA with its settings, or full fine-tuning of the task's model
 * ({@code lora: {enabled: false}}), the baseline of LoRA-versus-full comparisons. The settings
 * are bound and validated either way (with the plugin's default {@code target_modules} and
 * {@code modules_to_save} filled in), so switching {@code enabled} is the only difference
 * between the two runs.
 *
 * @param enabled true for LoRA, false for full fine-tuning
 * @param config the LoRA settings
 */
public record LoraSection(boolean enabled, LoraConfig config) {

    /**
     * Validates.
     *
     * @param enabled true for LoRA
     * @param config the settings
     */
    public LoraSection {
        Objects.requireNonNull(config, "config");
    }
}
