package dev.lorakit.train.optim;

/**
 * The learning-rate multiplier as a pure function of the number of updates already applied,
 * exactly as transformers' {@code LambdaLR} schedules: the update with index {@code s} (0-based)
 * uses {@code base_lr * multiplier(s)}. With warm-up the first update therefore uses rate 0, as
 * in transformers. Being a pure function of the update count, the schedule's position is
 * restored by restoring that count.
 */
public final class LrSchedule {

    private final ScheduleConfig.Type type;
    private final long warmupSteps;
    private final long totalSteps;

    /**
     * Creates a schedule.
     *
     * @param type the curve after warm-up
     * @param warmupSteps warm-up updates, >= 0
     * @param totalSteps updates in the run; > 0 for linear and cosine
     */
    public LrSchedule(ScheduleConfig.Type type, long warmupSteps, long totalSteps) {
        if (type != ScheduleConfig.Type.CONSTANT && totalSteps <= 0) {
            throw new IllegalArgumentException(
                    "A "
                            + type.name().toLowerCase(java.util.Locale.ROOT)
                            + " schedule needs the run's total steps (trainer.max_steps or"
                            + " trainer.epochs), got "
                            + totalSteps);
        }
        this.type = type;
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
    }

    /**
     * The multiplier of the base rate for the update with 0-based index {@code step}.
     *
     * @param step updates already applied
     * @return a factor in [0, 1]
     */
    public double multiplier(long step) {
        if (step < warmupSteps) {
            return (double) step / Math.max(1, warmupSteps);
        }
        double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
        switch (type) {
            case LINEAR:
                return Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
            case COSINE:
                // num_cycles = 0.5: half a cosine from 1 down to 0.
                return Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * 2.0 * 0.5 * progress)));
            case CONSTANT:
            default:
                return 1.0;
        }
    }
}
