package dev.lorakit.plugins.dqn;

import java.util.List;

/**
 * A plain-Java copy of the Q-network for acting: a single-observation forward through DJL
 * costs ~25 µs, this ~2–4 µs, which is most of an environment step's budget. The copy is taken
 * from the network's effective weights ({@link EffectiveLinear}, so LoRA deltas are included)
 * and refreshed by the task after every gradient step; between refreshes it acts exactly as the
 * network did at the last refresh.
 */
public final class GreedyPolicy {

    private final float[][] weightsT;
    private final float[][] biases;
    private final int[] inSizes;
    private final int[] outSizes;
    private final float[][] activations;

    /**
     * Allocates a policy shaped like {@code layers} and copies their values.
     *
     * @param layers the network's layers in forward order
     */
    public GreedyPolicy(List<EffectiveLinear> layers) {
        int n = layers.size();
        weightsT = new float[n][];
        biases = new float[n][];
        inSizes = new int[n];
        outSizes = new int[n];
        activations = new float[n][];
        for (int i = 0; i < n; i++) {
            inSizes[i] = layers.get(i).inFeatures();
            outSizes[i] = layers.get(i).outFeatures();
            activations[i] = new float[outSizes[i]];
        }
        refresh(layers);
    }

    /**
     * Copies new layer values (same shapes) into the policy.
     *
     * @param layers the network's layers in forward order
     */
    public void refresh(List<EffectiveLinear> layers) {
        for (int i = 0; i < layers.size(); i++) {
            weightsT[i] = layers.get(i).weightTransposed().toFloatArray();
            biases[i] = layers.get(i).bias().toFloatArray();
        }
    }

    /**
     * The Q-values of one observation.
     *
     * @param observation the observation
     * @return Q-values, one per action (an internal buffer, valid until the next call)
     */
    public float[] qValues(float[] observation) {
        float[] x = observation;
        for (int layer = 0; layer < weightsT.length; layer++) {
            float[] w = weightsT[layer];
            float[] y = activations[layer];
            int out = outSizes[layer];
            System.arraycopy(biases[layer], 0, y, 0, out);
            for (int i = 0; i < inSizes[layer]; i++) {
                float xi = x[i];
                if (xi == 0f) {
                    continue;
                }
                int row = i * out;
                for (int j = 0; j < out; j++) {
                    y[j] += xi * w[row + j];
                }
            }
            if (layer < weightsT.length - 1) {
                for (int j = 0; j < out; j++) {
                    if (y[j] < 0f) {
                        y[j] = 0f;
                    }
                }
            }
            x = y;
        }
        return x;
    }

    /**
     * The greedy action; ties go to the lowest index, as {@code torch.argmax}.
     *
     * @param observation the observation
     * @return the action with the highest Q-value
     */
    public int act(float[] observation) {
        return argMax(qValues(observation));
    }

    static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
