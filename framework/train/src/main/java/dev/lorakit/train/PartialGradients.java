package dev.lorakit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * Saves and restores the gradients accumulated so far in an unfinished accumulation window,
 * bit-exactly ({@link NDArray#encode()}), by parameter name.
 *
 * <p>Why restoring needs a backward pass first: with the PyTorch engine a parameter that has not
 * been through a backward pass has no gradient tensor yet, and {@code getGradient()} returns a
 * throw-away zero array; a zero-valued backward creates the real one, which is then overwritten.
 */
final class PartialGradients {

    private static final NDIndex ALL = new NDIndex("...");

    private PartialGradients() {}

    static void write(DataOutputStream out, Map<String, Parameter> parameters) throws IOException {
        out.writeInt(parameters.size());
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                byte[] bytes = e.getValue().getArray().getGradient().encode();
                out.writeUTF(e.getKey());
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    static void read(DataInputStream in, Map<String, Parameter> parameters) throws IOException {
        int count = in.readInt();
        if (count != parameters.size()) {
            throw new IOException(
                    "The saved accumulation window has gradients for " + count + " parameters; the model trains " + parameters.size());
        }
        materialize(parameters);
        try (NDScope scope = new NDScope();
                NDManager scratch = NDManager.newBaseManager()) {
            scope.suppressNotUsedWarning();
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                String name = in.readUTF();
                if (!name.equals(e.getKey())) {
                    throw new IOException(
                            "The saved accumulation window has a gradient for '" + name + "' where the model trains '" + e.getKey() + "'");
                }
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                NDArray weight = e.getValue().getArray();
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

    /** Sets every gradient to zero, creating the gradient tensors when missing. */
    static void clear(Map<String, Parameter> parameters) {
        materialize(parameters);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Parameter p : parameters.values()) {
                p.getArray().getGradient().set(ALL, 0);
            }
        }
    }

    private static void materialize(Map<String, Parameter> parameters) {
        try (NDScope scope = new NDScope();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            for (Parameter p : parameters.values()) {
                collector.backward(p.getArray().sum().mul(0));
            }
        }
    }
}
