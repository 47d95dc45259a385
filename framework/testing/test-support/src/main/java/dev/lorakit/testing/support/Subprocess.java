package dev.lorakit.testing.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to its end for a test, with its output (stdout and stderr together) in a log
 * file, e.g. the Python scripts that check adapters against Hugging Face PEFT.
 *
 * <pre>{@code
 * assumeTrue(Subprocess.pythonImports("peft", "torch"), "PEFT is not installed");
 * Subprocess.Result r = Subprocess.run(List.of("python3", "src/test/python/check.py", work.toString()),
 *         work.resolve("python.log"));
 * assertThat(r.code()).as("check.py output:%n%s", r.output()).isZero();
 * }</pre>
 *
 * <p>The time-out is generous ({@value #DEFAULT_TIMEOUT_MINUTES} minutes, or {@code
 * -Dlorakit.test.subprocessTimeoutMinutes=N}): on a loaded machine {@code import torch} alone has
 * taken minutes. When it trips, the exception carries the command's output so far, so the log of a
 * CI run says where the child was.
 */
public final class Subprocess {

    /** Minutes a command may run unless {@value #TIMEOUT_PROPERTY} says otherwise. */
    public static final long DEFAULT_TIMEOUT_MINUTES = 20;

    /** System property overriding {@link #DEFAULT_TIMEOUT_MINUTES}. */
    public static final String TIMEOUT_PROPERTY = "lorakit.test.subprocessTimeoutMinutes";

    /** How much of the output a time-out message quotes, from its end. */
    private static final int QUOTED_CHARS = 8000;

    private Subprocess() {}

    /**
     * How a command ended.
     *
     * @param code its exit code
     * @param output what it printed (stdout and stderr together), also in the log file
     */
    public record Result(int code, String output) {}

    /**
     * Runs a command with the default time-out.
     *
     * @param command the program and its arguments
     * @param log where its output goes (created or replaced)
     * @return its exit code and output
     * @throws IOException when it cannot start, or did not end in time (the message quotes its output)
     * @throws InterruptedException when interrupted while waiting
     */
    public static Result run(List<String> command, Path log) throws IOException, InterruptedException {
        return run(command, log, Duration.ofMinutes(Long.getLong(TIMEOUT_PROPERTY, DEFAULT_TIMEOUT_MINUTES)));
    }

    /**
     * Runs a command.
     *
     * @param command the program and its arguments
     * @param log where its output goes (created or replaced)
     * @param timeout how long it may run; then it is killed
     * @return its exit code and output
     * @throws IOException when it cannot start, or did not end in time (the message quotes its output)
     * @throws InterruptedException when interrupted while waiting (the command is killed)
     */
    public static Result run(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                String message = "Timed out after " + timeout.toSeconds() + " s (-D" + TIMEOUT_PROPERTY + "=N sets"
                        + " the minutes): " + String.join(" ", command) + "\n--- its output (" + log + ") ---\n"
                        + tail(read(log));
                System.err.println(message);
                throw new IOException(message);
            }
            return new Result(p.exitValue(), read(log));
        } finally {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    /**
     * Whether {@code python3} can import every module, for {@code assumeTrue}.
     *
     * @param modules module names, e.g. {@code peft}, {@code torch}
     * @return true when {@code python3 -c "import a, b"} exits with 0
     * @throws IOException when the check cannot run or time out
     * @throws InterruptedException when interrupted while waiting
     */
    public static boolean pythonImports(String... modules) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", "-c", "import " + String.join(", ", modules)));
        Path log = Files.createTempFile("lorakit-python-imports", ".log");
        try {
            return run(command, log).code() == 0;
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Timed out")) {
                throw e;
            }
            return false; // no python3 at all
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String tail(String text) {
        return text.length() <= QUOTED_CHARS ? text : "...\n" + text.substring(text.length() - QUOTED_CHARS);
    }

    private static String read(Path log) {
        try {
            // Not readString: a child's output need not be valid UTF-8.
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
