package dev.lorakit.host.config;

import dev.lorakit.api.TaskConfig;
import dev.lorakit.train.CheckpointConfig;
import dev.lorakit.train.TrainerConfig;
import java.util.Objects;

/**
 * One experiment, as a config file selects it:
 *
 * <pre>{@code
 * plugin: fixture          # which plugin runs
 * seed: 1
 * init_from: null          # a checkpoint or run dir whose weights are loaded before LoRA
 * lora: {r: 8, alpha: 16}  # or {enabled: false} for full fine-tuning
 * trainer: {optimizer: {type: adamw, lr: 1.0e-3}, max_steps: 200}
 * checkpoint: {every_steps: 100, keep_last: 2}
 * export: {merged: false}  # also write the merged model at the end
 * fixture: {examples: 512} # the plugin's own section, named after its id
 * }</pre>
 *
 * @param plugin the plugin id
 * @param seed the run seed, >= 0 (default 1)
 * @param lora LoRA or full fine-tuning
 * @param trainer the shared trainer's settings
 * @param checkpoint the checkpoint store's settings
 * @param initFrom where to load base weights from before LoRA injection, or null
 * @param task the plugin's typed section
 * @param export what the finished run writes besides its adapter
 */
public record ExperimentSpec(
        String plugin,
        long seed,
        LoraSection lora,
        TrainerConfig trainer,
        CheckpointConfig checkpoint,
        String initFrom,
        TaskConfig task,
        ExportConfig export) {

    /** Top-level keys every config may have besides the plugin's own section. */
    public static final java.util.List<String> SHARED_KEYS =
            java.util.List.of("plugin", "seed", "init_from", "lora", "trainer", "checkpoint", "export");

    /**
     * Validates.
     *
     * @param plugin the plugin id
     * @param seed the run seed
     * @param lora LoRA settings
     * @param trainer trainer settings
     * @param checkpoint checkpoint settings
     * @param initFrom base weights, or null
     * @param task the plugin's section
     * @param export exports
     */
    public ExperimentSpec {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(lora, "lora");
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(export, "export");
        if (seed < 0) {
            throw new IllegalArgumentException("seed: " + seed + " is out of range (must be >= 0)");
        }
    }
}
