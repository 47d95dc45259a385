/**
 * Safetensors reading and writing to the format's specification, and atomic file writes.
 *
 * <p>{@link dev.lorakit.lora.io.SafetensorsFile} memory-maps a file and loads tensors one at a
 * time; {@link dev.lorakit.lora.io.Safetensors} writes a file atomically (temp file, fsync,
 * rename). DJL's own {@code NDList.encode} is not used: it has no header padding, no
 * {@code __metadata__}, 32-bit offsets, reads whole files into memory, and a BF16 tensor aborts
 * the JVM.
 */
package dev.lorakit.lora.io;
