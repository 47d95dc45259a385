package dev.lorakit.lora.peft;

/**
 * The fields of {@code adapter_config.json} that describe the base model rather than the adapter.
 *
 * @param baseModelNameOrPath PEFT's {@code base_model_name_or_path}, or null
 * @param taskType PEFT's {@code task_type} ({@code SEQ_CLS}, ...), or null
 */
public record PeftMetadata(String baseModelNameOrPath, String taskType) {

    /** No base model name and no task type. */
    public static final PeftMetadata NONE = new PeftMetadata(null, null);
}
