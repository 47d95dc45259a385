package dev.lorakit.cli;

import dev.lorakit.train.StopRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
 * <p>A parent process that runs this one (e.g. {@code lorakit compare}) forwards its own stop as a
 * line on this process's standard input ({@link #listenToParent}), not as a signal: it cannot tell
 * whether the signal it got reached this process too (a terminal's Ctrl-C goes to the whole
 * foreground process group, a batch system's {@code SIGTERM} may go to every process of the job),
 * and a second signal means "abort". A forwarded stop asks for the same clean stop and never counts
 * as a signal, so this process stops cleanly once however the stop reached it.
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

    /** The line a parent writes to ask for a stop: this prefix and the signal it got, e.g. {@code SIGINT}. */
    public static final String PARENT_STOP = "lorakit-stop ";

    /** {@code interrupted_by} of a run whose parent ended without asking it to stop. */
    static final String PARENT_GONE = "parent process ended";

    private final StopRequest request = new StopRequest();
    private final PrintWriter err;
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private int exitCode;
    private int signalsReceived;
    private volatile Runnable beforeAbort = () -> { };

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
     * Also stops on a request from the parent process that started this one: a line {@link
     * #PARENT_STOP}{@code SIGNAME} on {@code control} (its standard input), as if that signal had
     * come, or the end of {@code control}, which means the parent ended (killed, crashed) without
     * asking. Neither counts as a signal: a signal after them is still the first, not an abort.
     *
     * @param control the stream the parent writes to
     * @return this
     */
    public SignalStop listenToParent(InputStream control) {
        Thread listener = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(control, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith(PARENT_STOP)) {
                        String name = line.substring(PARENT_STOP.length()).trim();
                        stopFromParent(name, name + " (forwarded by the parent process)", signalNumber(name));
                    }
                }
            } catch (IOException e) {
                // A broken pipe is the parent's end too.
            }
            stopFromParent(PARENT_GONE, "the parent process ended", 1);
        }, "lorakit-parent-stop");
        listener.setDaemon(true);
        listener.start();
        return this;
    }

    /**
     * Runs {@code action} before a second signal halts this JVM, e.g. to kill child processes that
     * would otherwise outlive it.
     *
     * @param action what to do; it should not block
     * @return this
     */
    public SignalStop optBeforeAbort(Runnable action) {
        this.beforeAbort = action;
        return this;
    }

    /**
     * Whether a signal or the parent asked this process to stop.
     *
     * @return true once a stop was requested
     */
    public boolean stopRequested() {
        return request.isRequested();
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
    public synchronized int exitCode() {
        return exitCode == 0 ? 1 : exitCode;
    }

    private static int signalNumber(String name) {
        try {
            return 128 + new Signal(name.startsWith("SIG") ? name.substring(3) : name).getNumber();
        } catch (IllegalArgumentException unknown) {
            return 1;
        }
    }

    private synchronized void stopFromParent(String reason, String said, int code) {
        if (request.isRequested()) {
            return;
        }
        exitCode = code;
        request.request(reason);
        err.println("lorakit: " + said + ": stopping after the current step and writing a checkpoint");
        err.flush();
    }

    private void handle(Signal signal) {
        String name = "SIG" + signal.getName();
        int code = 128 + signal.getNumber();
        synchronized (this) {
            signalsReceived++;
            if (signalsReceived == 1) {
                boolean already = request.isRequested();
                if (!already) {
                    exitCode = code;
                    request.request(name);
                }
                err.println("lorakit: " + name + (already ? ": already stopping" : ": stopping")
                        + " after the current step and writing a checkpoint (send it again to abort at once)");
                err.flush();
                return;
            }
        }
        err.println("lorakit: second signal (" + name + "): aborting now; no checkpoint is half-written,"
                + " `lorakit resume` continues from the newest complete one");
        err.flush();
        try {
            beforeAbort.run();
        } finally {
            // halt, not exit: exit would run the engine's shutdown hooks under the training thread.
            Runtime.getRuntime().halt(code);
        }
    }

    /** Restores the handlers that were there before {@link #install}. */
    @Override
    public void close() {
        previous.forEach(Signal::handle);
        previous.clear();
    }
}
