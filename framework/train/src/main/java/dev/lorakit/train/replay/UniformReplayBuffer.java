package dev.lorakit.train.replay;

import java.util.Arrays;
import java.util.Random;

/** Samples stored transitions uniformly with replacement, as CleanRL's and SB3's buffers do. */
public final class UniformReplayBuffer extends ReplayBuffer {

    private UniformReplayBuffer(Builder builder) {
        super(builder, "uniform");
    }

    /**
     * A builder: {@code setCapacity}, {@code setObservationShape}, {@code setDiscreteActions} or
     * {@code setContinuousActions}, {@code setGamma} are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void sampleSlots(int[] slots, float[] weights, Random random) {
        int size = size();
        for (int i = 0; i < slots.length; i++) {
            slots[i] = random.nextInt(size);
        }
        Arrays.fill(weights, 1f);
    }

    /** Builds a {@link UniformReplayBuffer}. */
    public static final class Builder extends BaseBuilder<Builder> {

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Validates the settings and allocates the buffer's arrays.
         *
         * @return the buffer
         */
        public UniformReplayBuffer build() {
            validate();
            return new UniformReplayBuffer(this);
        }
    }
}
