package dev.lorakit.lora;

/**
 * One named adapter on one layer.
 *
 * @param name the adapter's name ({@code default} unless named)
 * @param rank its rank r
 * @param alpha its alpha
 * @param scale the factor applied to {@code B·A}: alpha/r, alpha/√r with rsLoRA, 1 for
 *     weighted combinations
 * @param dropout dropout on the adapter's input while training
 */
public record AdapterInfo(String name, int rank, double alpha, double scale, float dropout) {}
