package dev.lorakit.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.lorakit.api.Stateful;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer that updates weights in place and whose state (step count, per-parameter
 * moment buffers) can be saved and restored exactly.
 *
 * <p>State is allocated lazily, only for the weights passed to {@link #step}: the learner passes
 * the trainable parameters only, so frozen base weights cost nothing. Gradients come straight
 * from the parameters (no parameter-store copy), and a weight decay of 0 costs no operation.
 *
 * <pre>{@code
 * Optimizer adamw = AdamWConfig.defaults().newOptimizer(manager);
 * adamw.step(Map.of("fc.weight", w), Map.of("fc.weight", w.getGradient()), 1e-3);
 * }</pre>
 *
 * <p>Saved form (big-endian, {@link DataOutputStream}): UTF {@code "lorakit-optimizer"}, int
 * format version 1, UTF type ({@code adamw}/{@code sgd}), long step count, int number of
 * weights, then per weight: UTF name, int number of buffers, and per buffer an int byte length
 * followed by {@link NDArray#encode()} bytes (DJL's lossless array encoding: dtype, shape, raw
 * data).
 */
public abstract class Optimizer implements Stateful, AutoCloseable {

    private static final String MAGIC = "lorakit-optimizer";
    private static final int FORMAT_VERSION = 1;

    private final NDManager manager;
    private final Map<String, NDArray[]> slots = new LinkedHashMap<>();
    private long steps;

    /**
     * Creates an optimizer with empty state.
     *
     * @param stateManager the manager whose sub-manager holds the state buffers
     */
    protected Optimizer(NDManager stateManager) {
        this.manager = stateManager.newSubManager();
    }

    /**
     * The type id written into the saved state ({@code adamw}, {@code sgd}).
     *
     * @return the type id
     */
    protected abstract String type();

    /**
     * The base learning rate from the config, before the schedule scales it.
     *
     * @return the base learning rate
     */
    public abstract double baseLearningRate();

    /**
     * Updates one weight in place.
     *
     * @param weight the weight
     * @param gradient its gradient (may be modified)
     * @param buffers this weight's state buffers, or null before its first update
     * @param step the 1-based number of this update
     * @param lr the learning rate of this update
     * @return the buffers to keep for this weight (new ones on the first update)
     */
    protected abstract NDArray[] update(
            NDArray weight, NDArray gradient, NDArray[] buffers, long step, double lr);

    /**
     * Applies one update to every weight, in place. Temporaries are freed before returning.
     *
     * @param weights trainable weights by name
     * @param gradients their gradients by the same names
     * @param lr the learning rate of this update
     */
    public void step(Map<String, NDArray> weights, Map<String, NDArray> gradients, double lr) {
        steps++;
        for (Map.Entry<String, NDArray> e : weights.entrySet()) {
            NDArray gradient = gradients.get(e.getKey());
            if (gradient == null) {
                throw new IllegalArgumentException("No gradient for weight " + e.getKey());
            }
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray[] before = slots.get(e.getKey());
                NDArray[] after = update(e.getValue(), gradient, before, steps, lr);
                if (after != before) {
                    for (NDArray buffer : after) {
                        NDScope.unregister(buffer);
                        buffer.attach(manager);
                    }
                    slots.put(e.getKey(), after);
                }
            }
        }
    }

    /**
     * Updates applied so far (torch's {@code state['step']}).
     *
     * @return the step count
     */
    public long steps() {
        return steps;
    }

    /**
     * The live state buffers of one weight (AdamW: first, second moment; SGD: momentum), for
     * tests and inspection; do not modify them.
     *
     * @param name the weight's name
     * @return the buffers, or null when the weight has not been updated yet
     */
    public NDArray[] buffers(String name) {
        return slots.get(name);
    }

    @Override
    public void save(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeUTF(MAGIC);
        data.writeInt(FORMAT_VERSION);
        data.writeUTF(type());
        data.writeLong(steps);
        data.writeInt(slots.size());
        for (Map.Entry<String, NDArray[]> e : slots.entrySet()) {
            data.writeUTF(e.getKey());
            data.writeInt(e.getValue().length);
            for (NDArray buffer : e.getValue()) {
                byte[] bytes = buffer.encode();
                data.writeInt(bytes.length);
                data.write(bytes);
            }
        }
        data.flush();
    }

    @Override
    public void load(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        String magic = data.readUTF();
        int version = data.readInt();
        if (!MAGIC.equals(magic) || version != FORMAT_VERSION) {
            throw new IOException(
                    "Not lorakit optimizer state format " + FORMAT_VERSION + ": " + magic + " v" + version);
        }
        String savedType = data.readUTF();
        if (!savedType.equals(type())) {
            throw new IOException(
                    "Optimizer state is for '" + savedType + "' but the run uses '" + type() + "'");
        }
        long savedSteps = data.readLong();
        int count = data.readInt();
        Map<String, NDArray[]> loaded = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = data.readUTF();
            NDArray[] buffers = new NDArray[data.readInt()];
            for (int j = 0; j < buffers.length; j++) {
                byte[] bytes = new byte[data.readInt()];
                data.readFully(bytes);
                buffers[j] = NDArray.decode(manager, bytes);
            }
            loaded.put(name, buffers);
        }
        clearSlots();
        slots.putAll(loaded);
        steps = savedSteps;
    }

    private void clearSlots() {
        for (NDArray[] buffers : slots.values()) {
            for (NDArray b : buffers) {
                b.close();
            }
        }
        slots.clear();
    }

    /** Frees the state buffers. */
    @Override
    public void close() {
        clearSlots();
        manager.close();
    }
}
