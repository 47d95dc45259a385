package dev.lorakit.train.replay;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lorakit.api.Stateful;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;

/**
 * A fixed-capacity ring of transitions that RL tasks add to while acting and sample batches
 * from while learning. Storage is one primitive array per column, so a million CartPole
 * transitions take ~40 MB and no object is allocated per transition.
 *
 * <p>Every transition records Gymnasium's two end flags: {@code terminated} (the MDP reached an
 * end state; the TD target must not bootstrap) and {@code truncated} (a time limit cut the
 * episode; the target bootstraps from the final observation, which the caller passes as {@code
 * nextObservation}, as CleanRL does with {@code real_next_obs}). With {@code optNStep(n)} the
 * buffer stores n-step transitions built by an internal accumulator that never crosses an
 * episode end.
 *
 * <p>The buffer owns no random generator: {@link #sample} takes the caller's, so the caller
 * checkpoints one generator for the whole run. {@link #save}/{@link #load} cover contents, ring
 * position, pending n-step steps and (for prioritized replay) the priorities. Not thread-safe.
 */
public abstract class ReplayBuffer implements Stateful {

    private static final int FORMAT_VERSION = 1;
    private static final int MAX_N_STEP = 100;

    private final TransitionStore store;
    private final String kind;
    private final int nStep;
    private final double gamma;
    private final double[] discountBySteps;
    private final NStepAccumulator accumulator;
    private final NStepAccumulator.Sink sink = this::store;
    private long added;

    /**
     * Creates the storage from a builder.
     *
     * @param builder the validated settings
     * @param kind a short name written into saved state, so a uniform buffer's state is not
     *     loaded into a prioritized one
     */
    protected ReplayBuffer(BaseBuilder<?> builder, String kind) {
        this.kind = kind;
        this.store =
                new TransitionStore(
                        builder.capacity, builder.observationShape, builder.actionSize, builder.discrete);
        this.nStep = builder.nStep;
        this.gamma = builder.gamma;
        this.discountBySteps = new double[nStep + 1];
        for (int k = 0; k <= nStep; k++) {
            discountBySteps[k] = Math.pow(gamma, k);
        }
        this.accumulator =
                nStep == 1
                        ? null
                        : new NStepAccumulator(nStep, gamma, store.observationSize(), builder.actionSize);
    }

    /**
     * Adds one environment step with a discrete action.
     *
     * @param observation the observation the action was taken in
     * @param action the action index
     * @param reward the reward received
     * @param nextObservation the observation after the step; on truncation the episode's real
     *     final observation, not the reset one
     * @param terminated whether the episode reached an end state
     * @param truncated whether a time limit cut the episode
     */
    public final void add(
            float[] observation,
            int action,
            float reward,
            float[] nextObservation,
            boolean terminated,
            boolean truncated) {
        if (!store.discrete()) {
            throw new IllegalStateException(
                    "this replay buffer stores continuous actions of size " + store.actionSize()
                            + "; add a float[] action");
        }
        checkObservation(observation, "observation");
        checkObservation(nextObservation, "nextObservation");
        accept(observation, action, null, reward, nextObservation, terminated, truncated);
    }

    /**
     * Adds one environment step with a continuous action.
     *
     * @param observation the observation the action was taken in
     * @param action the action vector, copied
     * @param reward the reward received
     * @param nextObservation the observation after the step (the real final one on truncation)
     * @param terminated whether the episode reached an end state
     * @param truncated whether a time limit cut the episode
     */
    public final void add(
            float[] observation,
            float[] action,
            float reward,
            float[] nextObservation,
            boolean terminated,
            boolean truncated) {
        if (store.discrete()) {
            throw new IllegalStateException(
                    "this replay buffer stores discrete actions; add an int action");
        }
        if (action.length != store.actionSize()) {
            throw new IllegalArgumentException(
                    "action has " + action.length + " values; the buffer stores " + store.actionSize());
        }
        checkObservation(observation, "observation");
        checkObservation(nextObservation, "nextObservation");
        accept(observation, 0, action, reward, nextObservation, terminated, truncated);
    }

    private void accept(
            float[] observation,
            int discreteAction,
            float[] continuousAction,
            float reward,
            float[] nextObservation,
            boolean terminated,
            boolean truncated) {
        added++;
        if (accumulator == null) {
            store(observation, discreteAction, continuousAction, reward, nextObservation, terminated, truncated, 1);
        } else {
            accumulator.add(
                    observation, discreteAction, continuousAction, reward, nextObservation,
                    terminated, truncated, sink);
        }
    }

    private void store(
            float[] observation,
            int discreteAction,
            float[] continuousAction,
            float reward,
            float[] nextObservation,
            boolean terminated,
            boolean truncated,
            int steps) {
        int slot =
                store.write(
                        observation, discreteAction, continuousAction, reward, nextObservation,
                        terminated, truncated, steps);
        onStored(slot);
    }

    private void checkObservation(float[] observation, String name) {
        if (observation.length != store.observationSize()) {
            throw new IllegalArgumentException(
                    name + " has " + observation.length + " values; the buffer stores "
                            + store.observationSize());
        }
    }

    /**
     * Samples a batch into arrays of {@code manager} (typically a per-step sub-manager).
     *
     * @param manager where the batch's arrays are created
     * @param batchSize transitions to sample, at least 1
     * @param random the caller's generator, the only source of randomness
     * @return the batch
     * @throws IllegalStateException when the buffer is empty
     */
    public final ReplayBatch sample(NDManager manager, int batchSize, Random random) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (store.size() == 0) {
            throw new IllegalStateException("cannot sample from an empty replay buffer");
        }
        int[] slots = new int[batchSize];
        float[] weights = new float[batchSize];
        sampleSlots(slots, weights, random);
        return store.gather(manager, slots, discountBySteps, weights);
    }

    /**
     * Chooses the slots of a batch and their importance weights.
     *
     * @param slots filled with slot indices in {@code [0, size())}
     * @param weights filled with importance-sampling weights
     * @param random the caller's generator
     */
    protected abstract void sampleSlots(int[] slots, float[] weights, Random random);

    /**
     * Called after a transition was written to {@code slot} (overwriting the oldest when full).
     *
     * @param slot the slot written
     */
    protected void onStored(int slot) {}

    /**
     * Writes state beyond the transitions (priorities).
     *
     * @param out where to write
     * @throws IOException when writing fails
     */
    protected void saveExtra(DataOutputStream out) throws IOException {}

    /**
     * Reads what {@link #saveExtra} wrote.
     *
     * @param in where to read
     * @throws IOException when the data does not fit
     */
    protected void loadExtra(DataInputStream in) throws IOException {}

    /**
     * Transitions stored (at most {@link #capacity()}); with n-step returns, steps still pending
     * in the accumulator are not counted.
     *
     * @return the number of stored transitions
     */
    public final int size() {
        return store.size();
    }

    /**
     * The maximum number of stored transitions.
     *
     * @return the capacity
     */
    public final int capacity() {
        return store.capacity();
    }

    /**
     * Environment steps added over the buffer's life (restored by {@link #load}).
     *
     * @return the count of {@code add} calls
     */
    public final long added() {
        return added;
    }

    /**
     * The n of n-step returns (1 for plain one-step transitions).
     *
     * @return the n-step length
     */
    public final int nStep() {
        return nStep;
    }

    /**
     * The discount used for n-step sums and the batch's {@code discounts}.
     *
     * @return gamma
     */
    public final double gamma() {
        return gamma;
    }

    /**
     * Bytes one transition occupies in the column arrays (plus, for prioritized replay, the
     * tree's share: see {@link PrioritizedReplayBuffer#bytesPerTransition()}).
     *
     * @return bytes per stored transition
     */
    public int bytesPerTransition() {
        return store.bytesPerTransition();
    }

    /**
     * Reads back a stored observation (for tests and inspection).
     *
     * @param slot a slot in {@code [0, size())}
     * @return a copy of the observation
     */
    public final float[] observationAt(int slot) {
        checkSlot(slot);
        float[] out = new float[store.observationSize()];
        store.observation(slot, out);
        return out;
    }

    /**
     * Reads back a stored next observation.
     *
     * @param slot a slot in {@code [0, size())}
     * @return a copy of the next observation
     */
    public final float[] nextObservationAt(int slot) {
        checkSlot(slot);
        float[] out = new float[store.observationSize()];
        store.nextObservation(slot, out);
        return out;
    }

    /**
     * The stored (n-step discounted) reward of a slot.
     *
     * @param slot a slot in {@code [0, size())}
     * @return the reward
     */
    public final float rewardAt(int slot) {
        checkSlot(slot);
        return store.reward(slot);
    }

    /**
     * Whether the slot's transition ends in a terminal state.
     *
     * @param slot a slot in {@code [0, size())}
     * @return the terminated flag
     */
    public final boolean terminatedAt(int slot) {
        checkSlot(slot);
        return store.terminated(slot);
    }

    /**
     * Whether the slot's transition was cut by a time limit.
     *
     * @param slot a slot in {@code [0, size())}
     * @return the truncated flag
     */
    public final boolean truncatedAt(int slot) {
        checkSlot(slot);
        return store.truncated(slot);
    }

    /**
     * The environment steps the slot's transition spans (1..n).
     *
     * @param slot a slot in {@code [0, size())}
     * @return the step count k; the batch discount is {@code gamma^k}
     */
    public final int stepsAt(int slot) {
        checkSlot(slot);
        return store.steps(slot);
    }

    /**
     * The discrete action of a slot.
     *
     * @param slot a slot in {@code [0, size())}
     * @return the action index
     */
    public final int actionAt(int slot) {
        checkSlot(slot);
        return store.discreteAction(slot);
    }

    /**
     * The slot the next transition will be written to.
     *
     * @return the ring position
     */
    public final int position() {
        return store.position();
    }

    private void checkSlot(int slot) {
        if (slot < 0 || slot >= store.size()) {
            throw new IndexOutOfBoundsException("slot " + slot + " outside [0, " + store.size() + ")");
        }
    }

    @Override
    public final void save(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeUTF("lorakit-replay");
        data.writeInt(FORMAT_VERSION);
        data.writeUTF(kind);
        data.writeLong(added);
        data.writeDouble(gamma);
        store.save(data);
        if (accumulator != null) {
            accumulator.save(data);
        }
        saveExtra(data);
        data.flush();
    }

    @Override
    public final void load(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        String magic = data.readUTF();
        if (!"lorakit-replay".equals(magic)) {
            throw new StateFormatException("not a lorakit replay state (header \"" + magic + "\")");
        }
        ArrayIO.expect("format version", data.readInt(), FORMAT_VERSION);
        String savedKind = data.readUTF();
        if (!kind.equals(savedKind)) {
            throw new StateFormatException(
                    "replay state is of a " + savedKind + " buffer but this buffer is " + kind);
        }
        long savedAdded = data.readLong();
        double savedGamma = data.readDouble();
        if (savedGamma != gamma) {
            throw new StateFormatException(
                    "replay state has gamma " + savedGamma + " but this buffer has " + gamma);
        }
        store.load(data);
        if (accumulator != null) {
            accumulator.load(data);
        }
        loadExtra(data);
        added = savedAdded;
    }

    /**
     * Settings every replay buffer shares.
     *
     * @param <B> the concrete builder
     */
    public abstract static class BaseBuilder<B extends BaseBuilder<B>> {
        private int capacity;
        private Shape observationShape;
        private int actionSize = -1;
        private boolean discrete;
        private double gamma = Double.NaN;
        private int nStep = 1;

        /** Creates a builder with no settings. */
        protected BaseBuilder() {}

        /**
         * The concrete builder.
         *
         * @return this
         */
        protected abstract B self();

        /**
         * Sets the number of transitions kept (required).
         *
         * @param capacity at least 1
         * @return this builder
         */
        public B setCapacity(int capacity) {
            this.capacity = capacity;
            return self();
        }

        /**
         * Sets the shape of one observation (required), e.g. {@code new Shape(4)}.
         *
         * @param shape the observation shape without batch dimension
         * @return this builder
         */
        public B setObservationShape(Shape shape) {
            this.observationShape = shape;
            return self();
        }

        /**
         * Stores one integer action per transition (this or {@link #setContinuousActions}).
         *
         * @return this builder
         */
        public B setDiscreteActions() {
            this.discrete = true;
            this.actionSize = 1;
            return self();
        }

        /**
         * Stores a float action vector per transition.
         *
         * @param size the action vector's length, at least 1
         * @return this builder
         */
        public B setContinuousActions(int size) {
            this.discrete = false;
            this.actionSize = size;
            return self();
        }

        /**
         * Sets the discount (required): used for n-step sums and the batch's discounts.
         *
         * @param gamma in [0, 1]
         * @return this builder
         */
        public B setGamma(double gamma) {
            this.gamma = gamma;
            return self();
        }

        /**
         * Stores n-step transitions (default 1).
         *
         * @param n steps per transition, 1 to 100
         * @return this builder
         */
        public B optNStep(int n) {
            this.nStep = n;
            return self();
        }

        /**
         * Checks the shared settings.
         *
         * @throws IllegalArgumentException naming the bad setting
         */
        protected void validate() {
            if (capacity < 1) {
                throw new IllegalArgumentException("replay capacity must be >= 1, got " + capacity);
            }
            if (observationShape == null || observationShape.size() < 1) {
                throw new IllegalArgumentException(
                        "replay observation shape must be set and non-empty, got " + observationShape);
            }
            if (actionSize < 1) {
                throw new IllegalArgumentException(
                        "replay actions: call setDiscreteActions() or setContinuousActions(size >= 1)"
                                + (actionSize == -1 ? "" : ", got size " + actionSize));
            }
            if (!(gamma >= 0 && gamma <= 1)) {
                throw new IllegalArgumentException("replay gamma must be in [0, 1], got " + gamma);
            }
            if (nStep < 1 || nStep > MAX_N_STEP) {
                throw new IllegalArgumentException(
                        "replay n_step must be in [1, " + MAX_N_STEP + "], got " + nStep);
            }
        }

        /**
         * The capacity set.
         *
         * @return the capacity
         */
        protected int capacity() {
            return capacity;
        }
    }
}
