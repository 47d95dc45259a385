package dev.lorakit.env.gym;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the bridge module in a {@code python3} subprocess and exchanges length-prefixed frames
 * over its stdin and stdout. On start Python sends {@code "LKGB"} and the protocol version,
 * which must match. Every exchange has a deadline: a watchdog kills a process that does not
 * answer in time, and the caller gets an exception, never a hang. Python's stderr is captured
 * (the last 16 KiB) and appended to every failure. Processes are destroyed on {@link #close()}
 * and by a JVM shutdown hook.
 *
 * <p>Python ignores {@code SIGINT} and {@code SIGTERM}: those are the JVM's to handle (a terminal's
 * Ctrl-C reaches the whole foreground process group), and the JVM's clean stop still needs the
 * environment. So this class ends the process only with the close request or {@code SIGKILL}
 * ({@link Process#destroyForcibly()}), never {@link Process#destroy()}; a JVM that dies without its
 * hooks closes Python's stdin, which ends the bridge loop.
 */
public final class SubprocessTransport implements Transport {
    private static final int STDERR_KEEP = 16 * 1024;
    private static final int MAX_FRAME = 256 * 1024 * 1024;
    private static final Set<SubprocessTransport> LIVE = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lorakit-python-watchdog");
        t.setDaemon(true);
        return t;
    });

    static {
        WATCHDOG.scheduleAtFixedRate(SubprocessTransport::checkDeadlines, 50, 50, TimeUnit.MILLISECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(t -> t.process.destroyForcibly()),
                "lorakit-python-shutdown"));
    }

    private final String python;
    private final Process process;
    private final DataOutputStream out;
    private final DataInputStream in;
    private final StringBuilder stderr = new StringBuilder();
    private final Thread stderrPump;
    private volatile long deadlineNanos = Long.MAX_VALUE;
    private volatile boolean timedOut;
    private boolean closed;

    /**
     * Starts Python with the bridge module and checks the handshake.
     *
     * @param python the Python executable, e.g. {@code python3}
     * @param environment extra environment variables for the process (e.g. {@code PYTHONPATH})
     * @param startupTimeout the longest wait for the handshake
     * @throws PythonBridgeException when Python cannot be started or the handshake fails
     */
    public SubprocessTransport(String python, Map<String, String> environment, Duration startupTimeout) {
        this.python = python;
        List<String> command = new ArrayList<>(List.of(python, "-u", BridgeScript.file().toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(environment);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new PythonBridgeException("Cannot start Python \"" + python + "\" (" + e.getMessage()
                    + "); install Python 3 or point -Dlorakit.python / LORAKIT_PYTHON at it", null, null, e);
        }
        LIVE.add(this);
        out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
        in = new DataInputStream(new BufferedInputStream(process.getInputStream()));
        stderrPump = new Thread(() -> pump(process.getErrorStream()), "lorakit-python-stderr-" + process.pid());
        stderrPump.setDaemon(true);
        stderrPump.start();
        byte[] hello = guarded(this::readFrame, startupTimeout, "starting the Python bridge");
        if (hello.length != 6 || !Arrays.equals(Arrays.copyOf(hello, 4), Protocol.MAGIC)) {
            close();
            throw failure("Python bridge handshake failed: unexpected first frame " + Arrays.toString(hello), null);
        }
        int version = ((hello[4] & 0xFF) << 8) | (hello[5] & 0xFF);
        if (version != Protocol.VERSION) {
            close();
            throw failure("Python bridge speaks protocol " + version + " but this jar speaks " + Protocol.VERSION, null);
        }
    }

    private static void checkDeadlines() {
        long now = System.nanoTime();
        for (SubprocessTransport t : LIVE) {
            if (now - t.deadlineNanos > 0 && t.deadlineNanos != Long.MAX_VALUE) {
                t.timedOut = true;
                t.process.destroyForcibly();
            }
        }
    }

    private void pump(InputStream err) {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = err.read(buf)) > 0) {
                synchronized (stderr) {
                    stderr.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    if (stderr.length() > STDERR_KEEP) {
                        stderr.delete(0, stderr.length() - STDERR_KEEP);
                    }
                }
            }
        } catch (IOException ignored) {
            // The process is gone; what was captured stays available.
        }
    }

    private String stderrTail() {
        try {
            stderrPump.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (stderr) {
            return stderr.toString().strip();
        }
    }

    @Override
    public synchronized byte[] exchange(byte[] request, Duration timeout) {
        if (closed) {
            throw new IllegalStateException("The Python bridge (" + describe() + ") is closed");
        }
        return guarded(() -> {
            out.writeInt(request.length);
            out.write(request);
            out.flush();
            return readFrame();
        }, timeout, "waiting for Python");
    }

    private interface Io {
        byte[] run() throws IOException;
    }

    private byte[] guarded(Io io, Duration timeout, String what) {
        deadlineNanos = System.nanoTime() + timeout.toNanos();
        try {
            return io.run();
        } catch (IOException e) {
            LIVE.remove(this);
            closed = true;
            process.destroyForcibly();
            throw failure(timedOut
                    ? "Python did not answer within " + timeout.toMillis() + " ms while " + what + "; the process was killed"
                    : "The Python process died while " + what, e);
        } finally {
            deadlineNanos = Long.MAX_VALUE;
        }
    }

    private PythonBridgeException failure(String message, Throwable cause) {
        String exit = "";
        try {
            if (process.waitFor(1, TimeUnit.SECONDS)) {
                exit = " (exit code " + process.exitValue() + ")";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String err = stderrTail();
        return new PythonBridgeException(message + exit + " [" + python + "]"
                + (err.isEmpty() ? "" : "\n--- Python stderr ---\n" + err), null, null, cause);
    }

    private byte[] readFrame() throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_FRAME) {
            throw new IOException("frame length " + n + " is out of range: the stream is corrupt");
        }
        byte[] frame = new byte[n];
        in.readFully(frame);
        return frame;
    }

    @Override
    public String describe() {
        return "subprocess " + python + " (pid " + process.pid() + ")";
    }

    /**
     * Whether the Python process is running.
     *
     * @return true while alive
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public synchronized void close() {
        if (!closed && process.isAlive()) {
            closed = true;
            try {
                deadlineNanos = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                out.writeInt(1);
                out.write(Protocol.OP_CLOSE);
                out.flush();
                readFrame();
            } catch (IOException | RuntimeException ignored) {
                // Closing anyway: the process is destroyed below.
            } finally {
                deadlineNanos = Long.MAX_VALUE;
            }
        }
        closed = true;
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        LIVE.remove(this);
    }
}
