package dev.lorakit.lora;

import java.util.Random;

/** Initial values for A and B, matching PEFT's numerics. */
final class LoraInitializers {

    private LoraInitializers() {}

    /**
     * {@code torch.nn.init.kaiming_uniform_(w, a=sqrt(5))}: uniform in ±1/√fanIn.
     *
     * @param count number of values
     * @param fanIn inputs per output (in·kh·kw for a convolution)
     * @param rng the random source
     * @return the values
     */
    static float[] kaimingUniform(int count, long fanIn, Random rng) {
        // gain = sqrt(2 / (1 + a²)) = sqrt(1/3); bound = gain · sqrt(3 / fanIn) = 1/sqrt(fanIn)
        double bound = 1.0 / Math.sqrt(fanIn);
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return out;
    }

    /**
     * Normal values.
     *
     * @param count number of values
     * @param std standard deviation
     * @param rng the random source
     * @return the values
     */
    static float[] normal(int count, double std, Random rng) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) (rng.nextGaussian() * std);
        }
        return out;
    }
}
