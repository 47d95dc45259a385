package dev.lorakit.env.gym;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lorakit.env.StepResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Signals meant for the JVM do not end the Python process of the subprocess transport (a terminal's
 * Ctrl-C reaches every process of the foreground group; the JVM's clean stop still steps and closes
 * the environment), while the JVM still ends it: on {@code close()}, and when the JVM dies by
 * {@code SIGTERM} (its shutdown hook) or {@code SIGKILL} (Python reads the end of its stdin).
 * Real Gymnasium CartPole, real signals through {@code kill}.
 */
class SubprocessSignalsTest {

    private static final long WAIT_SECONDS = 30;

    /** Holds a CartPole bridge in its own JVM, prints its Python's pid, then waits to be killed. */
    static final class HolderJvm {
        private HolderJvm() {}

        /**
         * Opens the environment and blocks.
         *
         * @param args none
         * @throws Exception never expected
         */
        public static void main(String[] args) throws Exception {
            Set<Long> before = bridgePids();
            GymnasiumEnvironment env = BridgeFixtures.subprocess("CartPole-v1").build();
            env.reset(0);
            System.out.println("python-pid " + newBridgePid(before));
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            env.close();
        }
    }

    private static Set<Long> bridgePids() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains(BridgeScript.RESOURCE))
                .map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static long newBridgePid(Set<Long> before) {
        Set<Long> now = bridgePids();
        now.removeAll(before);
        assertThat(now).as("one new Python bridge process").hasSize(1);
        return now.iterator().next();
    }

    private static GymnasiumEnvironment cartPoleOrSkip() {
        try {
            return BridgeFixtures.subprocess("CartPole-v1").build();
        } catch (PythonBridgeException e) {
            assumeTrue(false, "needs python3 with gymnasium (pip install -r environments/gymnasium/requirements.txt): "
                    + e.getMessage().lines().findFirst().orElse(""));
            throw e;
        }
    }

    private static void kill(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -s %s %d", signal, pid).isZero();
    }

    private static boolean endsWithin(long pid, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Test
    void sigintAndSigtermToPythonLeaveTheEnvironmentSteppingAndCloseEndsIt() throws Exception {
        Set<Long> before = bridgePids();
        long pid;
        try (GymnasiumEnvironment env = cartPoleOrSkip()) {
            pid = newBridgePid(before);
            env.reset(0);
            for (String signal : List.of("INT", "TERM")) {
                kill(signal, pid);
                // Python handles a signal between bytecodes: by the next answers it has seen it.
                for (int i = 0; i < 3; i++) {
                    StepResult r = env.step(i % 2);
                    assertThat(r.observation()).as("a step after SIG%s", signal).hasSize(4);
                }
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("after SIG%s", signal).contains(true);
            }
        }
        assertThat(endsWithin(pid, WAIT_SECONDS)).as("close() ends Python %d", pid).isTrue();
    }

    @Test
    void pythonEndsWhenItsJvmIsTerminatedOrKilled() throws Exception {
        cartPoleOrSkip().close();
        for (String signal : List.of("TERM", "KILL")) {
            Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), HolderJvm.class.getName())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
                String line = out.readLine();
                assertThat(line).as("the holder JVM's first line").startsWith("python-pid ");
                long pid = Long.parseLong(line.substring("python-pid ".length()));
                kill(signal, jvm.pid());
                assertThat(jvm.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
                assertThat(endsWithin(pid, WAIT_SECONDS)).as("Python %d after SIG%s to its JVM", pid, signal).isTrue();
            } catch (IOException | AssertionError e) {
                jvm.destroyForcibly();
                throw e;
            }
        }
    }
}
