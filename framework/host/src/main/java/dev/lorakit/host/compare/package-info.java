/**
 * {@code lorakit compare}: the same experiment with LoRA and with full fine-tuning (same data
 * order, seed and steps), each run in its own JVM, set side by side — trainable parameters, step
 * time, peak memory, wall time, final metrics and artifact sizes — as a console table, {@code
 * compare.csv}, {@code compare.json} and {@code compare.html}.
 */
package dev.lorakit.host.compare;
