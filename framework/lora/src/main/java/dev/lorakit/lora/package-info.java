/** lorakit LoRA core. */
package dev.lorakit.lora;
