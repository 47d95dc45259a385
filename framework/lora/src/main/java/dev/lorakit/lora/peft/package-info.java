/**
 * Hugging Face PEFT's adapter folder format: {@code adapter_config.json} with PEFT's field names
 * and {@code adapter_model.safetensors} with PEFT's keys, so adapters move between lorakit and
 * {@code PeftModel.from_pretrained} / {@code save_pretrained}. {@link
 * dev.lorakit.lora.peft.PeftFormat} holds the pure name mappings; {@link
 * dev.lorakit.lora.peft.PeftAdapters} saves and loads.
 */
package dev.lorakit.lora.peft;
