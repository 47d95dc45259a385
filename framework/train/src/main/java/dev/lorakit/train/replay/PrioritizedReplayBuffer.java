package dev.lorakit.train.replay;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;

/**
 * Proportional prioritized replay (Schaul et al., 2016): transition {@code i} is sampled with
 * probability {@code P(i) = p_i^alpha / sum_k p_k^alpha}, where {@code p_i = |delta_i| + eps}
 * after {@link #updatePriorities} and new transitions get the largest priority seen so far.
 * Each batch is stratified: the total mass is cut into {@code batchSize} equal segments and one
 * value is drawn uniformly in each. Importance-sampling weights {@code (N P(i))^-beta} are
 * divided by their largest possible value {@code (N min P)^-beta}, so they are at most 1;
 * {@code beta} rises linearly from {@code beta0} to 1 over {@code betaAnnealSteps} added
 * environment steps.
 */
public final class PrioritizedReplayBuffer extends ReplayBuffer {

    private final double alpha;
    private final double beta0;
    private final long betaAnnealSteps;
    private final double epsilon;
    private final PriorityTree tree;
    private double maxPriority = 1.0;

    private PrioritizedReplayBuffer(Builder builder) {
        super(builder, "prioritized");
        this.alpha = builder.alpha;
        this.beta0 = builder.beta0;
        this.betaAnnealSteps = builder.betaAnnealSteps;
        this.epsilon = builder.epsilon;
        this.tree = new PriorityTree(builder.capacity());
    }

    /**
     * A builder: the {@link ReplayBuffer.BaseBuilder} settings plus optional {@code optAlpha}
     * (0.6), {@code optBeta} (0.4 annealed to 1 over 100,000 steps) and {@code optEpsilon}
     * (1e-6).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The importance-sampling exponent in effect now.
     *
     * @return beta in [beta0, 1]
     */
    public double beta() {
        double progress = betaAnnealSteps == 0 ? 1 : Math.min(1.0, (double) added() / betaAnnealSteps);
        return beta0 + progress * (1 - beta0);
    }

    /**
     * The sampling probability of a slot.
     *
     * @param slot a slot in {@code [0, size())}
     * @return {@code P(slot)}
     */
    public double probability(int slot) {
        if (slot < 0 || slot >= size()) {
            throw new IndexOutOfBoundsException("slot " + slot + " outside [0, " + size() + ")");
        }
        return tree.get(slot) / tree.total();
    }

    /**
     * Sets the priorities of sampled transitions from their TD errors.
     *
     * @param slots {@link ReplayBatch#indices()} of the batch
     * @param tdErrors the TD errors, one per slot (sign ignored)
     */
    public void updatePriorities(int[] slots, float[] tdErrors) {
        if (slots.length != tdErrors.length) {
            throw new IllegalArgumentException(
                    slots.length + " slots but " + tdErrors.length + " TD errors");
        }
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] < 0 || slots[i] >= size()) {
                throw new IndexOutOfBoundsException(
                        "slot " + slots[i] + " outside [0, " + size() + ")");
            }
            double error = Math.abs((double) tdErrors[i]);
            if (!Double.isFinite(error)) {
                throw new IllegalArgumentException(
                        "TD error " + tdErrors[i] + " for slot " + slots[i] + " is not finite");
            }
            double priority = error + epsilon;
            maxPriority = Math.max(maxPriority, priority);
            tree.set(slots[i], Math.pow(priority, alpha));
        }
    }

    @Override
    protected void onStored(int slot) {
        tree.set(slot, Math.pow(maxPriority, alpha));
    }

    @Override
    protected void sampleSlots(int[] slots, float[] weights, Random random) {
        int size = size();
        double total = tree.total();
        double segment = total / slots.length;
        double beta = beta();
        double maxWeight = Math.pow(size * tree.min() / total, -beta);
        for (int i = 0; i < slots.length; i++) {
            double value = (i + random.nextDouble()) * segment;
            int slot = tree.find(value, size);
            slots[i] = slot;
            double p = tree.get(slot) / total;
            weights[i] = (float) (Math.pow(size * p, -beta) / maxWeight);
        }
    }

    @Override
    public int bytesPerTransition() {
        return super.bytesPerTransition() + tree.bytesPerLeaf();
    }

    @Override
    protected void saveExtra(DataOutputStream out) throws IOException {
        out.writeDouble(alpha);
        out.writeDouble(maxPriority);
        tree.save(out, size());
    }

    @Override
    protected void loadExtra(DataInputStream in) throws IOException {
        double savedAlpha = in.readDouble();
        if (savedAlpha != alpha) {
            throw new StateFormatException(
                    "replay state has alpha " + savedAlpha + " but this buffer has " + alpha);
        }
        maxPriority = in.readDouble();
        tree.load(in, size());
    }

    /** Builds a {@link PrioritizedReplayBuffer}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private double alpha = 0.6;
        private double beta0 = 0.4;
        private long betaAnnealSteps = 100_000;
        private double epsilon = 1e-6;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * How strongly priorities shape sampling (0 = uniform).
         *
         * @param alpha in [0, 1]
         * @return this builder
         */
        public Builder optAlpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /**
         * The importance-sampling exponent's start and the steps over which it reaches 1.
         *
         * @param beta0 in [0, 1]
         * @param annealSteps environment steps added until beta is 1, >= 0
         * @return this builder
         */
        public Builder optBeta(double beta0, long annealSteps) {
            this.beta0 = beta0;
            this.betaAnnealSteps = annealSteps;
            return this;
        }

        /**
         * Added to |TD error| so no transition gets probability zero.
         *
         * @param epsilon > 0
         * @return this builder
         */
        public Builder optEpsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Validates the settings and allocates the buffer's arrays.
         *
         * @return the buffer
         */
        public PrioritizedReplayBuffer build() {
            validate();
            if (!(alpha >= 0 && alpha <= 1)) {
                throw new IllegalArgumentException("prioritized replay alpha must be in [0, 1], got " + alpha);
            }
            if (!(beta0 >= 0 && beta0 <= 1)) {
                throw new IllegalArgumentException("prioritized replay beta must be in [0, 1], got " + beta0);
            }
            if (betaAnnealSteps < 0) {
                throw new IllegalArgumentException(
                        "prioritized replay beta anneal steps must be >= 0, got " + betaAnnealSteps);
            }
            if (!(epsilon > 0)) {
                throw new IllegalArgumentException("prioritized replay epsilon must be > 0, got " + epsilon);
            }
            return new PrioritizedReplayBuffer(this);
        }
    }
}
