package dev.lorakit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import dev.lorakit.lora.ndarray.ScalarOps;

/**
 * Saves and restores the gradients accumulated so far in an unfinished accumulation window,
 * bit-exactly ({@link NDArray#encode()}), by parameter name, for every parameter replica (one per
 * training device).
 *
 * <p>Why restoring needs a backward pass first: with the PyTorch engine a parameter that has not
 * been through a backward pass has no gradient tensor yet, and {@code getGradient()} returns a
 * throw-away zero array; a zero-valued backward creates the real one, which is then overwritten.
 */
final class PartialGradients {

    private static final NDIndex ALL = new NDIndex("...");

    private PartialGradients() {}

    static void write(DataOutputStream out, List<Map<String, NDArray>> replicas) throws IOException {
        out.writeInt(replicas.size());
        out.writeInt(replicas.get(0).size());
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Map<String, NDArray> weights : replicas) {
                for (Map.Entry<String, NDArray> e : weights.entrySet()) {
                    byte[] bytes = e.getValue().getGradient().encode();
                    out.writeUTF(e.getKey());
                    out.writeInt(bytes.length);
                    out.write(bytes);
                }
            }
        }
    }

    static void read(DataInputStream in, List<Map<String, NDArray>> replicas) throws IOException {
        int replicaCount = in.readInt();
        int count = in.readInt();
        if (replicaCount != replicas.size()) {
            throw new IOException(
                    "The saved accumulation window was trained on " + replicaCount + " devices; this run has "
                            + replicas.size() + " (trainer.devices): resume on as many devices, or from a checkpoint at the end of a window");
        }
        if (count != replicas.get(0).size()) {
            throw new IOException(
                    "The saved accumulation window has gradients for " + count + " parameters; the model trains " + replicas.get(0).size());
        }
        materialize(replicas);
        try (NDScope scope = new NDScope();
                NDManager scratch = NDManager.newBaseManager()) {
            scope.suppressNotUsedWarning();
            for (Map<String, NDArray> weights : replicas) {
                for (Map.Entry<String, NDArray> e : weights.entrySet()) {
                    String name = in.readUTF();
                    if (!name.equals(e.getKey())) {
                        throw new IOException(
                                "The saved accumulation window has a gradient for '" + name + "' where the model trains '" + e.getKey() + "'");
                    }
                    byte[] bytes = new byte[in.readInt()];
                    in.readFully(bytes);
                    NDArray weight = e.getValue();
                    NDArray saved = NDArray.decode(scratch, bytes);
                    if (!saved.getShape().equals(weight.getShape()) || saved.getDataType() != weight.getDataType()) {
                        throw new IOException(
                                "The saved gradient of '" + name + "' is " + saved.getDataType() + saved.getShape()
                                        + " but the parameter is " + weight.getDataType() + weight.getShape());
                    }
                    weight.getGradient().set(ALL, saved.toDevice(weight.getDevice(), false));
                }
            }
        }
    }

    /** Sets every gradient to zero, creating the gradient tensors when missing. */
    static void clear(List<Map<String, NDArray>> replicas) {
        materialize(replicas);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Map<String, NDArray> weights : replicas) {
                for (NDArray w : weights.values()) {
                    w.getGradient().set(ALL, 0);
                }
            }
        }
    }

    private static void materialize(List<Map<String, NDArray>> replicas) {
        try (NDScope scope = new NDScope();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            for (Map<String, NDArray> weights : replicas) {
                for (NDArray w : weights.values()) {
                    collector.backward(ScalarOps.mul(w.sum(), 0));
                }
            }
        }
    }
}
