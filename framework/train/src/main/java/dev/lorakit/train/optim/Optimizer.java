package dev.lorakit.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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
import dev.lorakit.lora.ndarray.ScalarOps;

/**
 * An optimizer that updates weights in place and whose state (per-weight step counts and moment
 * buffers) can be saved and restored exactly.
 *
 * <p>State is allocated lazily, only for the weights passed to {@link #step}: the learner passes
 * the trainable parameters only, so frozen base weights cost nothing. Gradients come straight
 * from the parameters (no parameter-store copy), and a weight decay of 0 costs no operation. As
 * in PyTorch, each weight keeps its own step count: a weight whose gradient is absent from a
 * {@link #step} call is not updated and its count does not advance, so its bias correction is
 * its own when it is updated again.
 *
 * <pre>{@code
 * Optimizer adamw = AdamWConfig.defaults().newOptimizer(manager);
 * adamw.step(Map.of("fc.weight", w), Map.of("fc.weight", w.getGradient()), 1e-3);
 * }</pre>
 *
 * <p>Cost: for small tensors the fixed cost of each engine call dominates, so implementations
 * use as few calls per tensor as they can (AdamW one fused call, SGD one call per term).
 *
 * <p>Saved form (big-endian, {@link DataOutputStream}): UTF {@code "lorakit-optimizer"}, int
 * format version 2, UTF type ({@code adamw}/{@code sgd}), long number of {@link #step} calls,
 * int number of weights, then per weight: UTF name, long its own step count, int number of
 * buffers, and per buffer an int byte length followed by {@link NDArray#encode()} bytes (DJL's
 * lossless array encoding: dtype, shape, raw data). Version 1 (no per-weight count: every weight
 * had taken every step) is still read.
 */
public abstract class Optimizer implements Stateful, AutoCloseable {

    private static final String MAGIC = "lorakit-optimizer";
    private static final int FORMAT_VERSION = 2;
    private static final int FORMAT_VERSION_SHARED_STEP = 1;

    private final NDManager manager;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private long steps;

    /** One weight's own update count and state buffers. */
    private static final class Slot {
        private long steps;
        private NDArray[] buffers;

        Slot(long steps, NDArray[] buffers) {
            this.steps = steps;
            this.buffers = buffers;
        }
    }

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
     * @param gradient its gradient (may be modified: used as scratch)
     * @param buffers this weight's state buffers, or null before its first update
     * @param step the 1-based number of this weight's own update
     * @param lr the learning rate of this update
     * @return the buffers to keep for this weight (new ones on the first update)
     */
    protected abstract NDArray[] update(
            NDArray weight, NDArray gradient, NDArray[] buffers, long step, double lr);

    /**
     * Applies one update to every weight that has a gradient, in place. A weight without an
     * entry in {@code gradients} (or mapped to null) is skipped, as torch skips a parameter whose
     * {@code grad} is None: it is not updated and its own step count does not advance.
     * Temporaries are freed before returning.
     *
     * @param weights trainable weights by name
     * @param gradients their gradients by the same names (may be modified: used as scratch)
     * @param lr the learning rate of this update
     */
    public void step(Map<String, NDArray> weights, Map<String, NDArray> gradients, double lr) {
        steps++;
        for (Map.Entry<String, NDArray> e : weights.entrySet()) {
            NDArray gradient = gradients.get(e.getKey());
            if (gradient == null) {
                continue;
            }
            Slot slot = slots.get(e.getKey());
            long own = slot == null ? 1 : slot.steps + 1;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray[] before = slot == null ? null : slot.buffers;
                NDArray[] after = update(e.getValue(), gradient, before, own, lr);
                if (after != before) {
                    for (NDArray buffer : after) {
                        NDScope.unregister(buffer);
                        buffer.attach(manager);
                    }
                }
                if (slot == null) {
                    slots.put(e.getKey(), new Slot(own, after));
                } else {
                    slot.steps = own;
                    slot.buffers = after;
                }
            }
        }
    }

    /**
     * {@code x = a*x + b*y} in place, in one engine call: the engine's SGD kernel computes
     * {@code x -= eta * (y + lambda * x)}, i.e. {@code (1 - eta*lambda)*x - eta*y}.
     *
     * @param x updated in place (its own gradient, if any, is zeroed by the kernel)
     * @param y the other operand, unchanged
     * @param a factor of x
     * @param b factor of y
     */
    protected static void axpby(NDArray x, NDArray y, double a, double b) {
        if (b == 0) {
            if (a != 1) {
                ScalarOps.muli(x, a);
            }
            return;
        }
        double eta = -b;
        double lambda = a == 1 ? 0 : (1 - a) / eta;
        x.getNDArrayInternal()
                .sgdUpdate(new NDList(x, y), new NDList(x), (float) eta, (float) lambda, 1f, -1f, 0f, false);
    }

    /**
     * Calls of {@link #step} so far.
     *
     * @return the step count
     */
    public long steps() {
        return steps;
    }

    /**
     * The updates one weight has received (torch's per-parameter {@code state['step']}), which
     * its bias correction uses.
     *
     * @param name the weight's name
     * @return its own step count, 0 when it has not been updated yet
     */
    public long steps(String name) {
        Slot slot = slots.get(name);
        return slot == null ? 0 : slot.steps;
    }

    /**
     * The live state buffers of one weight (AdamW: first, second moment; SGD: momentum), for
     * tests and inspection; do not modify them.
     *
     * @param name the weight's name
     * @return the buffers, or null when the weight has not been updated yet
     */
    public NDArray[] buffers(String name) {
        Slot slot = slots.get(name);
        return slot == null ? null : slot.buffers;
    }

    @Override
    public void save(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeUTF(MAGIC);
        data.writeInt(FORMAT_VERSION);
        data.writeUTF(type());
        data.writeLong(steps);
        data.writeInt(slots.size());
        for (Map.Entry<String, Slot> e : slots.entrySet()) {
            data.writeUTF(e.getKey());
            data.writeLong(e.getValue().steps);
            data.writeInt(e.getValue().buffers.length);
            for (NDArray buffer : e.getValue().buffers) {
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
        if (!MAGIC.equals(magic)
                || (version != FORMAT_VERSION && version != FORMAT_VERSION_SHARED_STEP)) {
            throw new IOException(
                    "Not lorakit optimizer state (formats "
                            + FORMAT_VERSION_SHARED_STEP
                            + " and "
                            + FORMAT_VERSION
                            + " are read): "
                            + magic
                            + " v"
                            + version);
        }
        String savedType = data.readUTF();
        if (!savedType.equals(type())) {
            throw new IOException(
                    "Optimizer state is for '" + savedType + "' but the run uses '" + type() + "'");
        }
        long savedSteps = data.readLong();
        int count = data.readInt();
        Map<String, Slot> loaded = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = data.readUTF();
            long own = version == FORMAT_VERSION_SHARED_STEP ? savedSteps : data.readLong();
            NDArray[] buffers = new NDArray[data.readInt()];
            for (int j = 0; j < buffers.length; j++) {
                byte[] bytes = new byte[data.readInt()];
                data.readFully(bytes);
                buffers[j] = NDArray.decode(manager, bytes);
            }
            loaded.put(name, new Slot(own, buffers));
        }
        clearSlots();
        slots.putAll(loaded);
        steps = savedSteps;
    }

    private void clearSlots() {
        for (Slot slot : slots.values()) {
            for (NDArray b : slot.buffers) {
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
