package dev.lorakit.train.optim;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code trainer.schedule:} section: how the learning rate changes over optimizer updates,
 * as Hugging Face transformers' {@code get_{constant,linear,cosine}_schedule_with_warmup}.
 *
 * <pre>{@code
 * schedule: {type: cosine, warmup_steps: 100}
 * }</pre>
 *
 * @param type the curve after warm-up
 * @param warmupSteps updates over which the rate rises linearly from 0, >= 0
 */
public record ScheduleConfig(Type type, int warmupSteps) {

    /** The curve after warm-up. */
    public enum Type {
        /** Stays at the base rate. */
        @JsonProperty("constant")
        CONSTANT,
        /** Falls linearly to 0 at the last update. */
        @JsonProperty("linear")
        LINEAR,
        /** Falls along half a cosine to 0 at the last update. */
        @JsonProperty("cosine")
        COSINE
    }

    /**
     * Validates the values.
     *
     * @param type the curve
     * @param warmupSteps warm-up updates
     */
    public ScheduleConfig {
        if (type == null) {
            throw new IllegalArgumentException(
                    "trainer.schedule.type must be one of constant, linear, cosine");
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException(
                    "trainer.schedule.warmup_steps must be >= 0, got " + warmupSteps);
        }
    }

    /**
     * Binds the YAML keys; omitted keys give a constant rate without warm-up.
     *
     * @param type {@code type}
     * @param warmupSteps {@code warmup_steps}
     * @return the config
     */
    @JsonCreator
    public static ScheduleConfig of(
            @JsonProperty("type") Type type, @JsonProperty("warmup_steps") Integer warmupSteps) {
        return new ScheduleConfig(
                type == null ? Type.CONSTANT : type, warmupSteps == null ? 0 : warmupSteps);
    }

    /**
     * A constant rate without warm-up.
     *
     * @return the default schedule
     */
    public static ScheduleConfig constant() {
        return of(null, null);
    }

    @JsonProperty("warmup_steps")
    @Override
    public int warmupSteps() {
        return warmupSteps;
    }

    /**
     * The schedule over a run of {@code totalSteps} updates.
     *
     * @param totalSteps the number of optimizer updates in the run (needed by linear and
     *     cosine)
     * @return the schedule
     */
    public LrSchedule newSchedule(long totalSteps) {
        return new LrSchedule(type, warmupSteps, totalSteps);
    }
}
