package dev.lorakit.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One copy of the model's parameters per training device, for data-parallel steps, in the way
 * DJL's {@code ParameterStore} with a {@code LocalParameterServer} keeps them: replica 0 is the
 * model's own arrays on the first device; replica {@code r > 0} has its own copy of every
 * trainable parameter (with its own gradient) on device {@code r}, and a copy of each frozen
 * parameter made once, only when device {@code r} differs from where the parameter lives.
 *
 * <p>After the backward passes of a step, {@link #reduceGradients()} adds every replica's
 * gradients into replica 0's; the optimizer updates replica 0 alone, and {@link
 * #copyTrainableToReplicas()} copies the updated values back. Unlike DJL, which runs the
 * optimizer on every replica (one optimizer state per device), one update and one state keep
 * the result identical to a one-device run and the checkpoint small.
 *
 * <p>Replicas are indexed, not keyed by device as in DJL: the same device may be listed twice,
 * which is how data-parallel training is tested on a CPU-only machine.
 */
final class ParameterReplicas implements AutoCloseable {

    private static final NDIndex ALL = new NDIndex("...");

    private final Device[] devices;
    private final Map<String, Parameter> trainable;
    private final Map<String, Parameter> frozen;
    private final List<NDManager> managers = new ArrayList<>();
    /** Per replica r > 0 (index r - 1): parameter id to its array on device r. */
    private final List<Map<String, NDArray>> copies = new ArrayList<>();
    private final List<ParameterStore> stores = new ArrayList<>();

    /**
     * Creates the replicas (nothing is copied for a single device).
     *
     * @param devices the training devices; the model lives on the first
     * @param trainable the trainable parameters, by name
     * @param frozen the initialized parameters that are not trained, by name
     */
    ParameterReplicas(Device[] devices, Map<String, Parameter> trainable, Map<String, Parameter> frozen) {
        this.devices = devices.clone();
        this.trainable = trainable;
        this.frozen = frozen;
        stores.add(new ReplicaStore(0, trainable.values().iterator().next().getArray().getManager()));
        for (int r = 1; r < devices.length; r++) {
            NDManager manager = NDManager.newBaseManager(devices[r]);
            managers.add(manager);
            copies.add(new HashMap<>());
            stores.add(new ReplicaStore(r, manager));
        }
        refreshCopies();
    }

    /**
     * How many replicas (devices) there are.
     *
     * @return the count
     */
    int size() {
        return devices.length;
    }

    /**
     * The device of replica {@code r}.
     *
     * @param r the replica index
     * @return the device
     */
    Device device(int r) {
        return devices[r];
    }

    /**
     * The parameter store through which a forward pass uses replica {@code r}'s arrays.
     *
     * @param r the replica index
     * @return the store
     */
    ParameterStore store(int r) {
        return stores.get(r);
    }

    /**
     * Replica {@code r}'s array of a trainable parameter.
     *
     * @param r the replica index
     * @param name the parameter's name
     * @return the array (for r = 0 the parameter's own)
     */
    NDArray trainableArray(int r, String name) {
        Parameter p = trainable.get(name);
        return r == 0 ? p.getArray() : copies.get(r - 1).get(p.getId());
    }

    /**
     * Adds the gradients of replicas 1.. into replica 0's, in replica order, so that replica 0
     * holds the gradient of the whole batch. Temporaries belong to the caller's {@link NDScope}.
     */
    void reduceGradients() {
        for (String name : trainable.keySet()) {
            NDArray sum = trainableArray(0, name).getGradient();
            for (int r = 1; r < devices.length; r++) {
                sum.addi(trainableArray(r, name).getGradient().toDevice(devices[0], false));
            }
        }
    }

    /**
     * Copies the trainable values of replica 0 into the other replicas (after an update, or a
     * restore).
     */
    void copyTrainableToReplicas() {
        for (String name : trainable.keySet()) {
            NDArray main = trainableArray(0, name);
            for (int r = 1; r < devices.length; r++) {
                NDArray replica = trainableArray(r, name);
                replica.set(ALL, main.toDevice(devices[r], false));
            }
        }
    }

    /**
     * Sets the gradients of replicas 1.. to zero.
     *
     * @param finite whether they are known to be finite (see {@link Gradients#zero})
     */
    void zeroReplicaGradients(boolean finite) {
        for (int r = 1; r < devices.length; r++) {
            Gradients.zero(gradients(r), finite);
        }
    }

    private java.util.List<NDArray> gradients(int r) {
        java.util.List<NDArray> out = new ArrayList<>(trainable.size());
        for (String name : trainable.keySet()) {
            out.add(trainableArray(r, name).getGradient());
        }
        return out;
    }

    /**
     * Makes every replica equal to replica 0 again, frozen copies included: after a checkpoint
     * was restored into the model's own arrays. Not called per step.
     */
    void refreshCopies() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            refreshCopiesInScope();
        }
    }

    private void refreshCopiesInScope() {
        for (int r = 1; r < devices.length; r++) {
            Map<String, NDArray> replica = copies.get(r - 1);
            NDManager manager = managers.get(r - 1);
            for (Parameter p : trainable.values()) {
                NDArray old = replica.get(p.getId());
                if (old != null) {
                    old.set(ALL, p.getArray().toDevice(devices[r], false));
                    continue;
                }
                // Detached first: a copy of a tensor that requires a gradient would stay in its
                // autograd graph, and the replica's backward would flow into replica 0.
                NDArray copy = p.getArray().stopGradient().toDevice(devices[r], true);
                copy.attach(manager);
                copy.setRequiresGradient(true);
                NDScope.unregister(copy);
                replica.put(p.getId(), copy);
            }
            for (Parameter p : frozen.values()) {
                NDArray array = p.getArray();
                if (array.getDevice().equals(devices[r])) {
                    continue;
                }
                NDArray old = replica.put(p.getId(), null);
                if (old != null) {
                    old.close();
                }
                NDArray copy = array.stopGradient().toDevice(devices[r], true);
                copy.attach(manager);
                NDScope.unregister(copy);
                replica.put(p.getId(), copy);
            }
        }
    }

    /** Frees the replicas' arrays. */
    @Override
    public void close() {
        managers.forEach(NDManager::close);
    }

    /**
     * All of replica 0's trainable parameters, for the gradient-state helpers.
     *
     * @return name to parameter
     */
    Map<String, Parameter> trainable() {
        return trainable;
    }

    /**
     * Replica {@code r}'s trainable arrays by name.
     *
     * @param r the replica index
     * @return name to array, in model order
     */
    Map<String, NDArray> trainableArrays(int r) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (String name : trainable.keySet()) {
            out.put(name, trainableArray(r, name));
        }
        return Collections.unmodifiableMap(out);
    }

    /** A forward pass's view of one replica. */
    private final class ReplicaStore extends ParameterStore {
        private final int replica;

        ReplicaStore(int replica, NDManager manager) {
            super(manager, false);
            this.replica = replica;
        }

        @Override
        public NDArray getValue(Parameter parameter, Device device, boolean training) {
            if (parameter == null) {
                return null;
            }
            if (replica == 0) {
                return parameter.getArray();
            }
            NDArray copy = copies.get(replica - 1).get(parameter.getId());
            if (copy != null) {
                return copy;
            }
            if (parameter.requiresGradient()) {
                throw new IllegalStateException(
                        "Parameter " + parameter.getName() + " is trainable but was not in the model when the learner was built");
            }
            // A frozen parameter already on this replica's device is shared, never copied.
            return parameter.getArray();
        }
    }
}
