package dev.lorakit.cli;

import dev.lorakit.train.StopRequest;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns {@code SIGINT} (Ctrl-C) and {@code SIGTERM} into a {@link StopRequest} while a command
 * trains, as Hugging Face's Trainer, Stable-Baselines3 and Lightning do: the first signal lets the
 * run finish its current step, write a checkpoint and close; a second one aborts at once.
 *
 * <p>Why not a shutdown hook: on a signal the JVM runs every shutdown hook, DJL's engine and
 * memory clean-up among them, while the training thread is still inside libtorch, which crashed
 * with {@code SIGSEGV} ({@code at::accelerator::getAccelerator}). With this handler the JVM does not
 * start shutting down on the first signal, and the second one halts without running the hooks. A
 * halt can interrupt a checkpoint write, which the checkpoint store makes harmless: a checkpoint
 * becomes visible only by an atomic rename after its manifest is written.
 *
 * <pre>{@code
 * try (SignalStop signals = SignalStop.install(err)) {
 *     RunResult r = ExperimentRunner.builder()...optStop(signals.request()).build().run();
 *     return r.summary().interrupted() ? signals.exitCode() : 0;
 * }
 * }</pre>
 */
public final class SignalStop implements AutoCloseable {

    private static final String[] SIGNALS = {"INT", "TERM"};

    private final StopRequest request = new StopRequest();
    private final PrintWriter err;
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private volatile int exitCode;

    private SignalStop(PrintWriter err) {
        this.err = err;
    }

    /**
     * Handles {@code SIGINT} and {@code SIGTERM} until {@link #close()}. A signal the JVM cannot
     * handle here (e.g. started with {@code -Xrs}) keeps its default behaviour.
     *
     * @param err where the handler says what it does
     * @return the installed handler
     */
    public static SignalStop install(PrintWriter err) {
        SignalStop stop = new SignalStop(err);
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            try {
                stop.previous.put(signal, Signal.handle(signal, stop::handle));
            } catch (IllegalArgumentException unavailable) {
                err.println("lorakit: cannot handle SIG" + name + " (" + unavailable.getMessage()
                        + "); it stops the run without a checkpoint");
            }
        }
        return stop;
    }

    /**
     * The request the first signal makes.
     *
     * @return the stop request to give the run
     */
    public StopRequest request() {
        return request;
    }

    /**
     * The exit code of a run the first signal stopped: 128 + the signal's number (130 for
     * {@code SIGINT}, 143 for {@code SIGTERM}), as a shell reports a process a signal ended.
     *
     * @return the exit code, or 1 when no signal came
     */
    public int exitCode() {
        return exitCode == 0 ? 1 : exitCode;
    }

    private void handle(Signal signal) {
        String name = "SIG" + signal.getName();
        int code = 128 + signal.getNumber();
        if (!request.isRequested()) {
            exitCode = code;
            request.request(name);
            err.println("lorakit: " + name + ": stopping after the current step and writing a checkpoint"
                    + " (send it again to abort at once)");
            err.flush();
            return;
        }
        err.println("lorakit: second signal (" + name + "): aborting now; no checkpoint is half-written,"
                + " `lorakit resume` continues from the newest complete one");
        err.flush();
        // halt, not exit: exit would run the engine's shutdown hooks under the training thread.
        Runtime.getRuntime().halt(code);
    }

    /** Restores the handlers that were there before {@link #install}. */
    @Override
    public void close() {
        previous.forEach(Signal::handle);
        previous.clear();
    }
}
