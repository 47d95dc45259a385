package dev.lorakit.train.replay;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The ring of transitions as one primitive array per column: observations and next
 * observations as flat floats, actions as ints (discrete) or floats (continuous), rewards,
 * terminated/truncated flags and the number of steps a (n-step) transition spans.
 */
final class TransitionStore {

    private final int capacity;
    private final Shape observationShape;
    private final int observationSize;
    private final int actionSize;
    private final boolean discrete;

    private final float[] observations;
    private final float[] nextObservations;
    private final int[] discreteActions;
    private final float[] continuousActions;
    private final float[] rewards;
    private final byte[] terminated;
    private final byte[] truncated;
    private final byte[] steps;

    private int position;
    private int size;

    TransitionStore(int capacity, Shape observationShape, int actionSize, boolean discrete) {
        this.capacity = capacity;
        this.observationShape = observationShape;
        this.observationSize = Math.toIntExact(observationShape.size());
        this.actionSize = actionSize;
        this.discrete = discrete;
        long observationFloats = (long) capacity * observationSize;
        if (observationFloats > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "replay capacity " + capacity + " x observation size " + observationSize
                            + " exceeds " + Integer.MAX_VALUE + " floats; lower the capacity");
        }
        observations = new float[(int) observationFloats];
        nextObservations = new float[(int) observationFloats];
        discreteActions = discrete ? new int[capacity] : new int[0];
        continuousActions = discrete ? new float[0] : new float[capacity * actionSize];
        rewards = new float[capacity];
        terminated = new byte[capacity];
        truncated = new byte[capacity];
        steps = new byte[capacity];
    }

    int capacity() {
        return capacity;
    }

    int size() {
        return size;
    }

    int position() {
        return position;
    }

    int observationSize() {
        return observationSize;
    }

    int actionSize() {
        return actionSize;
    }

    boolean discrete() {
        return discrete;
    }

    /** Bytes one stored transition occupies in the column arrays. */
    int bytesPerTransition() {
        int action = discrete ? Integer.BYTES : actionSize * Float.BYTES;
        return 2 * observationSize * Float.BYTES + action + Float.BYTES + 3;
    }

    /** Writes a transition at the ring position and returns the slot it went to. */
    int write(
            float[] observation,
            int discreteAction,
            float[] continuousAction,
            float reward,
            float[] nextObservation,
            boolean isTerminated,
            boolean isTruncated,
            int stepCount) {
        int slot = position;
        System.arraycopy(observation, 0, observations, slot * observationSize, observationSize);
        System.arraycopy(
                nextObservation, 0, nextObservations, slot * observationSize, observationSize);
        if (discrete) {
            discreteActions[slot] = discreteAction;
        } else {
            System.arraycopy(continuousAction, 0, continuousActions, slot * actionSize, actionSize);
        }
        rewards[slot] = reward;
        terminated[slot] = (byte) (isTerminated ? 1 : 0);
        truncated[slot] = (byte) (isTruncated ? 1 : 0);
        steps[slot] = (byte) stepCount;
        position = (position + 1) % capacity;
        size = Math.min(size + 1, capacity);
        return slot;
    }

    float reward(int slot) {
        return rewards[slot];
    }

    boolean terminated(int slot) {
        return terminated[slot] != 0;
    }

    boolean truncated(int slot) {
        return truncated[slot] != 0;
    }

    int steps(int slot) {
        return steps[slot];
    }

    int discreteAction(int slot) {
        return discreteActions[slot];
    }

    /** Copies the slot's observation into {@code into}. */
    void observation(int slot, float[] into) {
        System.arraycopy(observations, slot * observationSize, into, 0, observationSize);
    }

    /** Copies the slot's next observation into {@code into}. */
    void nextObservation(int slot, float[] into) {
        System.arraycopy(nextObservations, slot * observationSize, into, 0, observationSize);
    }

    /**
     * The transitions at {@code slots} as NDArrays in {@code manager}.
     *
     * @param discountBySteps {@code gamma^k} indexed by k
     * @param weights importance weights, one per slot
     */
    ReplayBatch gather(NDManager manager, int[] slots, double[] discountBySteps, float[] weights) {
        int batch = slots.length;
        float[] obs = new float[batch * observationSize];
        float[] next = new float[batch * observationSize];
        float[] rew = new float[batch];
        float[] term = new float[batch];
        float[] disc = new float[batch];
        for (int i = 0; i < batch; i++) {
            int slot = slots[i];
            System.arraycopy(observations, slot * observationSize, obs, i * observationSize, observationSize);
            System.arraycopy(
                    nextObservations, slot * observationSize, next, i * observationSize, observationSize);
            rew[i] = rewards[slot];
            term[i] = terminated[slot];
            disc[i] = (float) discountBySteps[steps[slot]];
        }
        Shape obsShape = new Shape(batch).addAll(observationShape);
        NDArray actions;
        if (discrete) {
            long[] act = new long[batch];
            for (int i = 0; i < batch; i++) {
                act[i] = discreteActions[slots[i]];
            }
            actions = manager.create(act, new Shape(batch));
        } else {
            float[] act = new float[batch * actionSize];
            for (int i = 0; i < batch; i++) {
                System.arraycopy(continuousActions, slots[i] * actionSize, act, i * actionSize, actionSize);
            }
            actions = manager.create(act, new Shape(batch, actionSize));
        }
        return new ReplayBatch(
                manager.create(obs, obsShape),
                actions,
                manager.create(rew, new Shape(batch)),
                manager.create(next, obsShape),
                manager.create(term, new Shape(batch)),
                manager.create(disc, new Shape(batch)),
                manager.create(weights, new Shape(batch)),
                slots.clone());
    }

    void save(DataOutputStream out) throws IOException {
        out.writeInt(capacity);
        out.writeInt(observationSize);
        out.writeInt(actionSize);
        out.writeBoolean(discrete);
        out.writeInt(position);
        out.writeInt(size);
        // Slots >= size were never written, so the first `size` slots are the whole content.
        ArrayIO.writeFloats(out, observations, size * observationSize);
        ArrayIO.writeFloats(out, nextObservations, size * observationSize);
        if (discrete) {
            ArrayIO.writeInts(out, discreteActions, size);
        } else {
            ArrayIO.writeFloats(out, continuousActions, size * actionSize);
        }
        ArrayIO.writeFloats(out, rewards, size);
        out.write(terminated, 0, size);
        out.write(truncated, 0, size);
        out.write(steps, 0, size);
    }

    void load(DataInputStream in) throws IOException {
        ArrayIO.expect("capacity", in.readInt(), capacity);
        ArrayIO.expect("observation size", in.readInt(), observationSize);
        ArrayIO.expect("action size", in.readInt(), actionSize);
        ArrayIO.expect("discrete actions (1 = yes)", in.readBoolean() ? 1 : 0, discrete ? 1 : 0);
        int savedPosition = in.readInt();
        int savedSize = in.readInt();
        if (savedSize < 0 || savedSize > capacity || savedPosition < 0 || savedPosition >= capacity) {
            throw new StateFormatException(
                    "replay state has size " + savedSize + " and position " + savedPosition
                            + ", outside capacity " + capacity);
        }
        ArrayIO.readFloats(in, observations, savedSize * observationSize);
        ArrayIO.readFloats(in, nextObservations, savedSize * observationSize);
        if (discrete) {
            ArrayIO.readInts(in, discreteActions, savedSize);
        } else {
            ArrayIO.readFloats(in, continuousActions, savedSize * actionSize);
        }
        ArrayIO.readFloats(in, rewards, savedSize);
        in.readFully(terminated, 0, savedSize);
        in.readFully(truncated, 0, savedSize);
        in.readFully(steps, 0, savedSize);
        position = savedPosition;
        size = savedSize;
    }
}
