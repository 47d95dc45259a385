package dev.lorakit.testing.blobs;

import dev.lorakit.api.TaskConfig;

/**
 * The {@code fixture-blobs:} section.
 *
 * @param examples points to draw (4/5 train, 1/5 eval), >= 16; default 256
 * @param spread standard deviation of each blob around its centre (±1, 0), > 0; default 0.5
 */
public record BlobsConfig(Integer examples, Double spread) implements TaskConfig {

    /**
     * Applies defaults and validates.
     *
     * @param examples points
     * @param spread blob standard deviation
     */
    public BlobsConfig {
        examples = examples == null ? 256 : examples;
        spread = spread == null ? 0.5 : spread;
        if (examples < 16) {
            throw new IllegalArgumentException("fixture-blobs.examples must be >= 16, got " + examples);
        }
        if (!(spread > 0)) {
            throw new IllegalArgumentException("fixture-blobs.spread must be > 0, got " + spread);
        }
    }
}
