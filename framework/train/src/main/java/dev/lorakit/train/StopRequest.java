package dev.lorakit.train;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A request, from another thread, that a run end at its next safe point: the one mechanism by
 * which {@code SIGINT}/{@code SIGTERM} (or a caller) interrupts training. The supervised trainer
 * polls it after every optimizer update; the RL runtime reports it through {@link
 * dev.lorakit.api.RlRuntime#stopRequested()}, which a {@link dev.lorakit.api.ReinforcementTask}
 * polls between its steps. Either loop then writes a checkpoint and returns, so that {@code
 * lorakit resume} continues from the step where the run stopped.
 *
 * <pre>{@code
 * StopRequest stop = new StopRequest();
 * // a signal handler, on another thread:  stop.request("SIGTERM");
 * TrainingResult r = SupervisedTrainer.builder()...optStop(stop).build().fit();
 * if (r.interrupted()) { ... }  // a checkpoint of step r.steps() was written
 * }</pre>
 *
 * <p>Unlike early stopping, a stop request is never saved in a checkpoint: the resumed run
 * continues to its budget.
 */
public final class StopRequest {

    /**
     * Test hook: after this many updates the supervised trainer prints {@link #pausedLine} to
     * standard error and waits until a stop is requested, so that a test signals a run at a known
     * step whatever the machine's load.
     */
    public static final String PAUSE_AFTER_STEP_PROPERTY = "lorakit.test.pauseUntilStopAfterStep";

    /** The longest a test pause waits, so that a forgotten signal cannot hang a build. */
    private static final long PAUSE_LIMIT_MINUTES = 10;

    private String reason;

    /** A request nobody has made yet. */
    public StopRequest() {}

    /**
     * Asks the run to stop at its next safe point; later requests keep the first reason.
     *
     * @param why what asked, for messages and {@code summary.json} (e.g. {@code SIGTERM})
     */
    public synchronized void request(String why) {
        Objects.requireNonNull(why, "why");
        if (reason == null) {
            reason = why;
        }
        notifyAll();
    }

    /**
     * Whether a stop was requested.
     *
     * @return true once {@link #request} was called
     */
    public synchronized boolean isRequested() {
        return reason != null;
    }

    /**
     * What asked for the stop.
     *
     * @return the first request's reason, or null when none was made
     */
    public synchronized String reason() {
        return reason;
    }

    /**
     * Waits for a stop request when {@link #PAUSE_AFTER_STEP_PROPERTY} names this step.
     *
     * @param step the update just completed
     */
    synchronized void pauseIfTestAsks(long step) {
        Long pauseAfter = Long.getLong(PAUSE_AFTER_STEP_PROPERTY);
        if (pauseAfter == null || pauseAfter != step) {
            return;
        }
        System.err.println(pausedLine(step));
        System.err.flush();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(PAUSE_LIMIT_MINUTES);
        try {
            while (reason == null && System.nanoTime() < deadline) {
                wait(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The line {@link #PAUSE_AFTER_STEP_PROPERTY} prints when the run waits after {@code step}.
     *
     * @param step the step
     * @return the line
     */
    public static String pausedLine(long step) {
        return "lorakit-test: paused after step " + step + " until a stop is requested";
    }
}
