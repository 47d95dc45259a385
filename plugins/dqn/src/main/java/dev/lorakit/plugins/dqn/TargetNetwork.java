package dev.lorakit.plugins.dqn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import dev.lorakit.lora.ndarray.ScalarOps;

/**
 * The frozen copy of the Q-network that TD targets bootstrap from, held as plain arrays (no
 * block, no gradients). It copies the online network's <em>effective</em> weights, so with LoRA
 * it follows {@code W + scale BA}: hard updates copy them ({@code tau = 1}), soft (Polyak)
 * updates move {@code tau} of the way, as CleanRL's {@code tau * q + (1 - tau) * target}.
 */
public final class TargetNetwork implements AutoCloseable {

    private final NDManager manager;
    private final List<NDArray> weightsT = new ArrayList<>();
    private final List<NDArray> biases = new ArrayList<>();

    /**
     * Creates a target network equal to {@code online}.
     *
     * @param online the online network's layers
     * @param parent the manager whose device the target lives on
     */
    public TargetNetwork(List<EffectiveLinear> online, NDManager parent) {
        this.manager = parent.newSubManager();
        for (EffectiveLinear layer : online) {
            weightsT.add(layer.weightTransposed().duplicate());
            biases.add(layer.bias().duplicate());
        }
        for (int i = 0; i < weightsT.size(); i++) {
            weightsT.get(i).attach(manager);
            biases.get(i).attach(manager);
        }
    }

    /**
     * {@code target = tau * online + (1 - tau) * target} for every weight and bias.
     *
     * @param online the online network's current layers
     * @param tau in (0, 1]; 1 copies
     */
    public void update(List<EffectiveLinear> online, double tau) {
        for (int i = 0; i < weightsT.size(); i++) {
            blend(weightsT.get(i), online.get(i).weightTransposed(), tau);
            blend(biases.get(i), online.get(i).bias(), tau);
        }
    }

    private static void blend(NDArray target, NDArray online, double tau) {
        if (tau == 1.0) {
            online.copyTo(target);
        } else {
            ScalarOps.muli(target, 1 - tau).addi(ScalarOps.mul(online, tau));
        }
    }

    /**
     * Q-values of a batch of observations.
     *
     * @param observations {@code (B, observationSize)}
     * @return {@code (B, actions)}, in the observations' manager
     */
    public NDArray forward(NDArray observations) {
        NDArray x = observations;
        for (int i = 0; i < weightsT.size(); i++) {
            x = x.matMul(weightsT.get(i)).add(biases.get(i));
            if (i < weightsT.size() - 1) {
                x = Activation.relu(x);
            }
        }
        return x;
    }

    /**
     * The target's layers as float arrays (weight then bias per layer), for tests and saving.
     *
     * @return the arrays
     */
    public NDList arrays() {
        NDList out = new NDList();
        for (int i = 0; i < weightsT.size(); i++) {
            out.add(weightsT.get(i));
            out.add(biases.get(i));
        }
        return out;
    }

    void save(DataOutputStream out) throws IOException {
        NDList arrays = arrays();
        out.writeInt(arrays.size());
        for (NDArray a : arrays) {
            float[] values = a.toFloatArray();
            out.writeInt(values.length);
            for (float v : values) {
                out.writeFloat(v);
            }
        }
    }

    void load(DataInputStream in) throws IOException {
        NDList arrays = arrays();
        int count = in.readInt();
        if (count != arrays.size()) {
            throw new IOException("DQN state has " + count + " target arrays; this network has " + arrays.size());
        }
        for (NDArray a : arrays) {
            int length = in.readInt();
            if (length != a.size()) {
                throw new IOException("DQN state target array of " + length + " values; expected " + a.size());
            }
            float[] values = new float[length];
            for (int i = 0; i < length; i++) {
                values[i] = in.readFloat();
            }
            a.set(values);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
