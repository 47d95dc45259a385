package dev.lorakit.host.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code export:} section: what a finished run writes besides its checkpoints. LoRA runs
 * always write {@code adapter/} (PEFT format); the merged model is opt-in:
 *
 * <pre>{@code
 * export:
 *   merged: true   # merged/model.safetensors + merged/lorakit_merged.json at the end of the run
 * }</pre>
 *
 * <p>{@code merged} is off by default because it is a full copy of the model's weights per run:
 * ~90 MB for MiniLM, ~550 MB for VGG19, multiplied by every run of a sweep, while the adapter
 * (a few hundred KB) plus the base weights give the same model.
 *
 * @param merged write the model with the adapters merged into its weights (or, for full
 *     fine-tuning, the trained model) under the model's parameter names
 */
public record ExportConfig(boolean merged) {

    /**
     * Binds the YAML keys, filling defaults.
     *
     * @param merged {@code merged}, default false
     * @return the config
     */
    @JsonCreator
    public static ExportConfig of(@JsonProperty("merged") Boolean merged) {
        return new ExportConfig(merged != null && merged);
    }

    /**
     * The defaults: adapter only.
     *
     * @return the config
     */
    public static ExportConfig defaults() {
        return new ExportConfig(false);
    }
}
