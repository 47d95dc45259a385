/**
 * lorakit's LoRA core: {@link dev.lorakit.lora.LoraConfig} (the {@code lora:} config section),
 * {@link dev.lorakit.lora.LoraModel} (injection, freezing, named adapters, merge/unmerge,
 * weighted combinations), the adapter layers {@link dev.lorakit.lora.LoraLinear},
 * {@link dev.lorakit.lora.LoraConv2d} and {@link dev.lorakit.lora.LoraEmbedding}, the one
 * target-matching rule ({@link dev.lorakit.lora.TargetMatcher}, {@link
 * dev.lorakit.lora.InjectionPlan}) and PyTorch-style module paths ({@link
 * dev.lorakit.lora.ModuleTree}).
 *
 * <pre>{@code
 * LoraModel lora = LoraModel.builder().setBlock(block).setConfig(LoraConfig.of("query", "value")).build();
 * }</pre>
 *
 * <p>Adapter folders in PEFT's format are in {@code dev.lorakit.lora.peft}; safetensors IO in
 * {@code dev.lorakit.lora.io}. User guide: {@code docs/lora.md}.
 */
package dev.lorakit.lora;
