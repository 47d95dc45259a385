/**
 * Neural-network blocks that lorakit's models share where DJL's own are slower on the CPU:
 * {@link dev.lorakit.lora.nn.ParallelDropout}, dropout whose masks are drawn in parallel.
 */
package dev.lorakit.lora.nn;
