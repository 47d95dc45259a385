package dev.lorakit.api;

import java.util.List;

/**
 * The LoRA targets a plugin declares for its model, in lorakit's one matching rule: an exact
 * module path or a dotted suffix of one ({@code query} matches {@code
 * encoder.layer.0.attention.self.query}); a regex only with a {@code regex:} prefix.
 *
 * @param targetModules layers that get adapters
 * @param modulesToSave modules trained fully and saved with the adapter (e.g. a classifier head)
 */
public record LoraDefaults(List<String> targetModules, List<String> modulesToSave) {

    /**
     * Validates and copies the lists.
     *
     * @param targetModules layers that get adapters; not empty
     * @param modulesToSave modules trained fully; may be empty
     */
    public LoraDefaults {
        targetModules = List.copyOf(targetModules);
        modulesToSave = List.copyOf(modulesToSave);
        if (targetModules.isEmpty()) {
            throw new IllegalArgumentException("A plugin must declare at least one LoRA target module");
        }
    }
}
