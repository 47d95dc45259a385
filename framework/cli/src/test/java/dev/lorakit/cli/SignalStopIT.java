package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.train.StopRequest;
import dev.lorakit.train.checkpoint.CheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SIGTERM} to {@code lorakit run} (the real CLI in its own JVM, the fixture plugin): the
 * first signal ends the run after the current step with a checkpoint, exit code 143 and no crash;
 * a second one aborts at once without a half-written checkpoint; {@code lorakit resume} finishes
 * the stopped run.
 *
 * <p>The child pauses itself at known points ({@link StopRequest#PAUSE_AFTER_STEP_PROPERTY} after a
 * step until the signal arrives, {@link CheckpointStore#PAUSE_PROPERTY} inside a checkpoint write)
 * and the test signals it once it says so, so no signal depends on the machine's speed.
 */
class SignalStopIT {

    private static final long MAX_STEPS = 30;
    private static final long AWAIT_SECONDS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    private CliProcess.Started run(Path runDir, Map<String, String> pauses, String... extra) throws IOException {
        Map<String, String> properties = new java.util.HashMap<>(pauses);
        properties.put("lorakit.bundled.plugins", CliProcess.fixtureJar().toString());
        List<String> args = new java.util.ArrayList<>(List.of("run",
                CliProcess.repo().resolve("configs/spirals-fixture.yaml").toString(),
                "--set", "trainer.max_steps=" + MAX_STEPS, "--set", "trainer.eval_every=10",
                "--set", "trainer.log_every=5", "--run-dir", runDir.toString(),
                "--plugins-dir", tmp.resolve("no-plugins").toString()));
        args.addAll(List.of(extra));
        return CliProcess.start(tmp, properties, args.toArray(String[]::new));
    }

    private CliProcess.Result resume(Path runDir) throws Exception {
        CliProcess.Result r = CliProcess.run(tmp, Map.of("lorakit.bundled.plugins", CliProcess.fixtureJar().toString()),
                "resume", runDir.toString(), "--plugins-dir", tmp.resolve("no-plugins").toString());
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    private static void awaitLine(CliProcess.Started p, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
        while (!p.errText().contains(line)) {
            if (!p.process().isAlive()) {
                throw new AssertionError("The run ended before printing \"" + line + "\"; stderr:\n" + p.errText());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for \"" + line + "\"; stderr:\n" + p.errText());
            }
            Thread.sleep(20);
        }
    }

    /** No JVM crash: no fatal-error banner in the output and no crash dump in the working directory. */
    private void assertNoCrash(CliProcess.Result r) throws IOException {
        assertThat(r.out() + r.err()).doesNotContain("SIGSEGV", "A fatal error has been detected", "hs_err");
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("hs_err"));
        }
    }

    private static JsonNode summary(Path runDir) throws IOException {
        return JSON.readTree(runDir.resolve("summary.json").toFile());
    }

    private static long lastLoggedStep(Path runDir) throws IOException {
        List<String> lines = Files.readAllLines(runDir.resolve("metrics.jsonl"));
        return JSON.readTree(lines.get(lines.size() - 1)).get("step").asLong();
    }

    @Test
    void sigtermStopsAfterTheStepWithACheckpointAndResumeFinishes() throws Exception {
        Path runDir = tmp.resolve("run");
        CliProcess.Started p = run(runDir, Map.of(StopRequest.PAUSE_AFTER_STEP_PROPERTY, "13"));
        awaitLine(p, StopRequest.pausedLine(13));
        p.process().destroy(); // SIGTERM
        CliProcess.Result stopped = p.await("run");

        assertThat(stopped.code()).as(stopped.err()).isEqualTo(143);
        assertNoCrash(stopped);
        assertThat(stopped.err()).contains("lorakit: SIGTERM: stopping after the current step",
                "SIGTERM stopped the run at step 13");
        assertThat(CheckpointStore.verify(runDir.resolve("checkpoints/step-000013"))).isEmpty();
        JsonNode interrupted = summary(runDir);
        assertThat(interrupted.get("status").asText()).isEqualTo("interrupted");
        assertThat(interrupted.get("interrupted_by").asText()).isEqualTo("SIGTERM");
        assertThat(interrupted.get("steps").asLong()).isEqualTo(13);
        assertThat(runDir.resolve("adapter")).doesNotExist();

        CliProcess.Result resumed = resume(runDir);
        assertNoCrash(resumed);
        JsonNode finished = summary(runDir);
        assertThat(finished.get("status").asText()).isEqualTo("finished");
        assertThat(finished.get("steps").asLong()).isEqualTo(MAX_STEPS);
        assertThat(lastLoggedStep(runDir)).isEqualTo(MAX_STEPS);
        assertThat(runDir.resolve("adapter/adapter_model.safetensors")).isRegularFile();
    }

    @Test
    void aSecondSigtermAbortsAtOnceLeavingNoHalfWrittenCheckpoint() throws Exception {
        Path runDir = tmp.resolve("run");
        // No periodic checkpoints: the only write is the one the first signal asks for, and it pauses.
        CliProcess.Started p = run(runDir, Map.of(StopRequest.PAUSE_AFTER_STEP_PROPERTY, "7",
                CheckpointStore.PAUSE_PROPERTY, "120000"), "--set", "checkpoint.every_steps=0");
        awaitLine(p, StopRequest.pausedLine(7));
        p.process().destroy();
        awaitLine(p, "lorakit-test: checkpoint write paused");
        long secondSignal = System.nanoTime();
        p.process().destroy();
        CliProcess.Result aborted = p.await("run");

        assertThat(aborted.code()).as(aborted.err()).isEqualTo(143);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - secondSignal))
                .as("the abort does not wait for the paused write").isLessThan(60);
        assertNoCrash(aborted);
        assertThat(aborted.err()).contains("second signal (SIGTERM): aborting now");
        assertThat(runDir.resolve("summary.json")).doesNotExist();
        // Only the hidden temporary folder of the aborted write, which resume ignores and deletes
        // (SigkillResumeIT resumes over one); no step-NNNNNN folder a resume could take for complete.
        try (Stream<Path> left = Files.list(runDir.resolve("checkpoints"))) {
            assertThat(left.map(c -> c.getFileName().toString())).singleElement()
                    .satisfies(n -> assertThat(n).startsWith(".tmp-"));
        }
    }
}
