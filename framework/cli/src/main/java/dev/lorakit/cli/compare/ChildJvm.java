package dev.lorakit.cli.compare;

import dev.lorakit.cli.SignalStop;
import dev.lorakit.train.StopRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java main class running in a new JVM set up like this one: same java binary, JVM options
 * (system properties such as {@code ai.djl.offline} and the bundled plugin jars, heap settings)
 * and class path. The child inherits the environment ({@code DJL_CACHE_DIR}); its output goes to a
 * log file, and its standard input stays a pipe from this JVM, the channel of {@link
 * SignalStop#listenToParent}.
 *
 * <p>How the child is stopped: {@link #awaitEnd} forwards a stop request once (a line on that pipe,
 * never a second signal: after a terminal's Ctrl-C the child has its own {@code SIGINT} already, and
 * a second signal would make it abort without a checkpoint), waits for its clean stop for a bounded
 * grace period, then kills it. A shutdown hook does the same when this JVM exits otherwise (e.g.
 * {@code SIGHUP}), and if this JVM is killed outright the pipe's end makes the child stop cleanly.
 */
final class ChildJvm {

    private final Process process;
    private final Duration grace;
    private final Thread stopOnExit;
    private volatile boolean forwarded;
    private volatile boolean killed;

    private ChildJvm(Process process, Duration grace) {
        this.process = process;
        this.grace = grace;
        // The end of its input tells the child that this JVM is going away: it stops cleanly.
        this.stopOnExit = new Thread(() -> {
            closeInput();
            waitOrKill(grace);
        }, "lorakit-compare-stop-child");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * The command line of a child JVM.
     *
     * @param mainClass the class whose {@code main} runs
     * @param args its arguments
     * @return the command
     */
    static List<String> command(Class<?> mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        return command;
    }

    /**
     * Starts a child JVM.
     *
     * @param mainClass the class whose {@code main} runs
     * @param args its arguments
     * @param log where the child's stdout and stderr go (appended)
     * @param grace how long a stopping child may take before it is killed
     * @return the running child
     * @throws IOException when the child cannot start
     */
    static ChildJvm start(Class<?> mainClass, List<String> args, Path log, Duration grace) throws IOException {
        Process p = new ProcessBuilder(command(mainClass, args))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new ChildJvm(p, grace);
    }

    /**
     * Waits for the child to end. Once {@code stop} is requested the request is forwarded to the
     * child (once), and a child still running {@code grace} later is killed.
     *
     * @param stop this JVM's stop request
     * @return the child's exit code
     * @throws InterruptedException when interrupted while waiting (the child is killed)
     */
    int awaitEnd(StopRequest stop) throws InterruptedException {
        try {
            long killAt = 0;
            while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
                if (!forwarded && stop.isRequested()) {
                    forwardStop(SignalStop.PARENT_STOP + stop.reason());
                    killAt = System.nanoTime() + grace.toNanos();
                } else if (forwarded && System.nanoTime() - killAt > 0) {
                    kill();
                }
            }
            return process.exitValue();
        } finally {
            if (process.isAlive()) {
                kill();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running already: it stops the child.
            }
        }
    }

    /**
     * Whether {@link #kill()} ended the child, i.e. it did not stop within the grace period, or a
     * second signal aborted the comparison.
     *
     * @return true when killed
     */
    boolean killed() {
        return killed;
    }

    /** Kills the child at once ({@code SIGKILL}): its newest complete checkpoint stays valid. */
    void kill() {
        killed = true;
        process.destroyForcibly();
    }

    private synchronized void forwardStop(String line) {
        if (forwarded) {
            return;
        }
        forwarded = true;
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException childGone) {
            // It ended already: nothing to stop.
        }
    }

    private void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException childGone) {
            // It ended already.
        }
    }

    private void waitOrKill(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
    }
}
