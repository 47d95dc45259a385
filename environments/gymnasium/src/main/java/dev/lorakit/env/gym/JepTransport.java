package dev.lorakit.env.gym;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the bridge module in-process through Jep. Jep interpreters are bound to the thread that
 * created them and numpy does not work in sub-interpreters, so one {@code SharedInterpreter}
 * lives on one dedicated daemon thread for the whole JVM, and every environment's requests are
 * executed there (each environment has its own bridge object in that interpreter).
 *
 * <p>Needs {@code pip install jep} for the same Python that has Gymnasium; {@link
 * #unavailableReason(String)} says why it cannot be used.
 */
public final class JepTransport implements Transport {
    private static final AtomicInteger NEXT_ID = new AtomicInteger();
    private static ExecutorService thread;
    private static Object interpreter;
    private static String failure;

    private final int bridgeId;
    private boolean closed;

    /**
     * Creates a bridge object in the shared interpreter.
     *
     * @param python the Python whose {@code jep} package holds {@code libjep}
     * @param startupTimeout the longest wait for creating the bridge object
     * @throws PythonBridgeException when Jep is unavailable
     */
    public JepTransport(String python, Duration startupTimeout) {
        Optional<String> reason = unavailableReason(python);
        if (reason.isPresent()) {
            throw new PythonBridgeException("Jep transport unavailable: " + reason.get(), null, null, null);
        }
        this.bridgeId = NEXT_ID.incrementAndGet();
        run(() -> {
            interp().exec("lk_bridges[" + bridgeId + "] = Bridge()");
            return null;
        }, startupTimeout);
    }

    private static jep.Interpreter interp() {
        return (jep.Interpreter) interpreter;
    }

    /**
     * Why Jep cannot be used with this Python, or empty when it can; starts the shared
     * interpreter on first success.
     *
     * @param python the Python executable
     * @return the reason, empty when Jep works
     */
    public static synchronized Optional<String> unavailableReason(String python) {
        if (interpreter != null) {
            return Optional.empty();
        }
        if (failure != null) {
            return Optional.of(failure);
        }
        try {
            Path lib = findLibJep(python);
            jep.MainInterpreter.setJepLibraryPath(lib.toString());
            ExecutorService t = Executors.newSingleThreadExecutor(r -> {
                Thread th = new Thread(r, "lorakit-jep");
                th.setDaemon(true);
                return th;
            });
            interpreter = t.submit(() -> {
                jep.Interpreter i = new jep.SharedInterpreter();
                i.exec(BridgeScript.source());
                i.exec("lk_bridges = {}");
                return i;
            }).get(60, TimeUnit.SECONDS);
            thread = t;
            return Optional.empty();
        } catch (Throwable e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            failure = cause.getClass().getSimpleName() + ": " + cause.getMessage()
                    + " (install it with `" + python + " -m pip install jep`; it needs a C compiler and Python headers)";
            return Optional.of(failure);
        }
    }

    private static Path findLibJep(String python) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python, "-c", "import jep, os; print(os.path.dirname(jep.__file__))")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("the jep Python package is not installed for " + python + ": " + out);
        }
        Path dir = Path.of(out);
        for (String name : new String[] {"libjep.so", "libjep.jnilib", "jep.dll"}) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw new IOException("no libjep in " + dir);
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T run(Call<T> call, Duration timeout) {
        Future<T> f = thread.submit(call::run);
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new PythonBridgeException("Python (Jep) did not answer within " + timeout.toMillis()
                    + " ms; an in-process interpreter cannot be killed, so the JVM should be restarted", null, null, e);
        } catch (ExecutionException e) {
            throw new PythonBridgeException("Jep call failed: " + e.getCause(), null, null, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PythonBridgeException("Interrupted while waiting for Python (Jep)", null, null, e);
        }
    }

    @Override
    public synchronized byte[] exchange(byte[] request, Duration timeout) {
        if (closed) {
            throw new IllegalStateException("The Jep bridge " + bridgeId + " is closed");
        }
        // Bytes travel as Latin-1 strings: Jep converts String <-> str the same way in every
        // version, whereas its byte[] <-> bytes mapping has changed between releases.
        String req = new String(request, StandardCharsets.ISO_8859_1);
        return run(() -> {
            jep.Interpreter i = interp();
            i.set("lk_req", req);
            i.exec("lk_resp = lk_bridges[" + bridgeId + "].handle(lk_req.encode('latin-1')).decode('latin-1')");
            return i.getValue("lk_resp", String.class).getBytes(StandardCharsets.ISO_8859_1);
        }, timeout);
    }

    @Override
    public String describe() {
        return "Jep in-process bridge " + bridgeId;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            run(() -> {
                interp().exec("lk_bridges.pop(" + bridgeId + ").handle(bytes([" + Protocol.OP_CLOSE + "]))");
                return null;
            }, Duration.ofSeconds(10));
        }
    }
}
