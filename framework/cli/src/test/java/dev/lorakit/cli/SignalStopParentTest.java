package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The parent's channel of {@link SignalStop#listenToParent}: a forwarded stop is a clean stop with
 * the forwarded signal's reason and exit code, and the end of the channel (the parent died) stops
 * the run too. Real signals are covered end to end by {@code SignalStopIT} and {@code CompareSignalsIT}.
 */
class SignalStopParentTest {

    private static void awaitStop(SignalStop signals) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!signals.stopRequested() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void aForwardedStopIsAFirstStopWithTheParentsSignal() throws Exception {
        StringWriter err = new StringWriter();
        PipedOutputStream parent = new PipedOutputStream();
        try (SignalStop signals = SignalStop.install(new PrintWriter(err, true))
                .listenToParent(new PipedInputStream(parent))) {
            Thread.sleep(100);
            assertThat(signals.stopRequested()).as("nothing asked yet").isFalse();
            parent.write((SignalStop.PARENT_STOP + "SIGTERM\n").getBytes(StandardCharsets.UTF_8));
            parent.flush();
            awaitStop(signals);
            assertThat(signals.request().reason()).isEqualTo("SIGTERM");
            assertThat(signals.exitCode()).isEqualTo(143);
            // A repeated request (Ctrl-C forwarded after the same Ctrl-C) changes nothing.
            parent.write((SignalStop.PARENT_STOP + "SIGINT\n").getBytes(StandardCharsets.UTF_8));
            parent.close();
            Thread.sleep(100);
            assertThat(signals.request().reason()).isEqualTo("SIGTERM");
            assertThat(signals.exitCode()).isEqualTo(143);
        }
        assertThat(err.toString()).containsOnlyOnce("stopping after the current step")
                .contains("SIGTERM (forwarded by the parent process)");
    }

    @Test
    void theEndOfTheChannelMeansTheParentIsGone() throws Exception {
        StringWriter err = new StringWriter();
        try (SignalStop signals = SignalStop.install(new PrintWriter(err, true))
                .listenToParent(new ByteArrayInputStream(new byte[0]))) {
            awaitStop(signals);
            assertThat(signals.request().reason()).isEqualTo(SignalStop.PARENT_GONE);
        }
        assertThat(err.toString()).contains("the parent process ended: stopping after the current step");
    }
}
