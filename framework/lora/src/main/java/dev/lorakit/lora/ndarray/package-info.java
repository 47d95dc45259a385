/**
 * Array operations that stay correct under DJL's PyTorch engine where DJL's own convenience
 * methods are not: {@link dev.lorakit.lora.ndarray.ScalarOps} for array-and-number arithmetic
 * inside autograd, and {@link dev.lorakit.lora.ndarray.DirectMemoryChurn}, which makes the
 * engine's use-after-free visible in tests.
 */
package dev.lorakit.lora.ndarray;
