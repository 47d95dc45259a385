package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.train.StopRequest;
import dev.lorakit.train.checkpoint.CheckpointStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signals to {@code lorakit compare} (the real CLI, the fixture plugin, a run JVM per variant): the
 * running variant stops cleanly exactly once, whether the signal reached only the parent ({@code
 * SIGTERM} from a scheduler) or the whole process group (a terminal's Ctrl-C); the parent lists
 * what is unfinished, and the same command then continues the comparison.
 *
 * <p>The run JVMs inherit the parent's JVM options, so {@link StopRequest#PAUSE_AFTER_STEP_PROPERTY}
 * holds the first variant after step {@value #PAUSE_STEP} until the signal, whatever the load.
 */
class CompareSignalsIT {

    private static final int PAUSE_STEP = 5;
    private static final int MAX_STEPS = 12;
    private static final long AWAIT_SECONDS = 300;
    private static final String LORA_RUN = "lora__seed-4";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    private String[] compareArgs(Path out) {
        return new String[] {"compare", CliProcess.repo().resolve("configs/spirals-fixture.yaml").toString(),
            "--out", out.toString(), "--plugins-dir", tmp.resolve("no-plugins").toString(),
            "--set", "seed=4", "--set", "trainer.max_steps=" + MAX_STEPS, "--set", "trainer.eval_every=6",
            "--set", "trainer.log_every=3"};
    }

    private Map<String, String> properties(boolean pause) throws Exception {
        Map<String, String> p = new java.util.HashMap<>(Map.of("lorakit.bundled.plugins", CliProcess.fixtureJar().toString()));
        if (pause) {
            p.put(StopRequest.PAUSE_AFTER_STEP_PROPERTY, Integer.toString(PAUSE_STEP));
        }
        return p;
    }

    private static void awaitInFile(CliProcess.Started parent, Path file, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
        while (!Files.isRegularFile(file) || !Files.readString(file).contains(line)) {
            if (!parent.process().isAlive()) {
                throw new AssertionError("compare ended before " + file.getFileName() + " said \"" + line + "\"; stderr:\n"
                        + parent.errText());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for \"" + line + "\" in " + file + "; stderr:\n" + parent.errText());
            }
            Thread.sleep(20);
        }
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    /**
     * The interrupted LoRA variant: a clean stop, no abort, with the checkpoint of the pause step.
     * (After a group's Ctrl-C its log may say "stopping" twice: for the parent's forwarded request
     * and "already stopping" for its own signal; neither is the abort of a second signal.)
     */
    private static void assertStoppedCleanly(Path out, String signal) throws Exception {
        String log = Files.readString(out.resolve(LORA_RUN + ".log"));
        assertThat(log).contains("stopping after the current step")
                .doesNotContain("second signal", "aborting", "SIGSEGV", "A fatal error has been detected");
        Path runDir = out.resolve(LORA_RUN);
        JsonNode summary = JSON.readTree(runDir.resolve("summary.json").toFile());
        assertThat(summary.get("status").asText()).isEqualTo("interrupted");
        assertThat(summary.get("interrupted_by").asText()).isEqualTo(signal);
        assertThat(summary.get("steps").asLong()).isEqualTo(PAUSE_STEP);
        assertThat(CheckpointStore.verify(runDir.resolve(String.format("checkpoints/step-%06d", PAUSE_STEP)))).isEmpty();
        assertThat(out.resolve("full__seed-4")).doesNotExist();
    }

    @Test
    void sigtermToTheParentAloneStopsTheRunningVariantOnceAndTheSameCommandContinues() throws Exception {
        Path out = tmp.resolve("cmp");
        CliProcess.Started parent = CliProcess.start(tmp, properties(true), compareArgs(out));
        awaitInFile(parent, out.resolve(LORA_RUN + ".log"), StopRequest.pausedLine(PAUSE_STEP));
        parent.process().destroy(); // SIGTERM to the parent only
        CliProcess.Result stopped = parent.await("compare");

        assertThat(stopped.code()).as(stopped.err()).isEqualTo(143);
        assertThat(stopped.err()).contains("SIGTERM stopped the comparison in " + out,
                "lora seed 4: stopped at step " + PAUSE_STEP + " (checkpoint written)", "full seed 4: not started",
                "continue it with: lorakit compare ");
        String log = Files.readString(out.resolve(LORA_RUN + ".log"));
        assertThat(log).contains("SIGTERM (forwarded by the parent process): stopping after the current step");
        assertThat(count(log, "stopping after the current step")).as("one stop request reached it: %s", log).isEqualTo(1);
        assertStoppedCleanly(out, "SIGTERM");

        CliProcess.Result continued = CliProcess.run(tmp, properties(false), compareArgs(out));
        assertThat(continued.code()).as(continued.out() + continued.err()).isZero();
        assertThat(continued.out()).contains("continuing the comparison in " + out, "lora seed 4, resumed");
        JsonNode compare = JSON.readTree(out.resolve("compare.json").toFile());
        assertThat(compare.get("runs")).hasSize(2);
        for (JsonNode run : compare.get("runs")) {
            JsonNode summary = JSON.readTree(Path.of(run.get("run_dir").asText()).resolve("summary.json").toFile());
            assertThat(summary.get("status").asText()).isEqualTo("finished");
            assertThat(summary.get("steps").asLong()).isEqualTo(MAX_STEPS);
        }
        assertThat(out.resolve(LORA_RUN + "/adapter/adapter_model.safetensors")).isRegularFile();
    }

    @Test
    void ctrlCToTheProcessGroupStopsTheRunningVariantCleanlyWithoutASecondSignal() throws Exception {
        Path setsid = Path.of("/usr/bin/setsid");
        assumeTrue(Files.isExecutable(setsid), "needs util-linux setsid to give compare a process group of its own");
        Path out = tmp.resolve("cmp");
        // setsid: the parent leads a new process group (its pid is the group id), as a shell's job does.
        CliProcess.Started parent = CliProcess.start(List.of(setsid.toString()), tmp, properties(true), compareArgs(out));
        awaitInFile(parent, out.resolve(LORA_RUN + ".log"), StopRequest.pausedLine(PAUSE_STEP));
        List<String> killGroup = new ArrayList<>(List.of("kill", "-s", "INT", "--", "-" + parent.process().pid()));
        Process kill = new ProcessBuilder(killGroup).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("kill.txt").toFile()).start();
        assertThat(kill.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as(String.join(" ", killGroup) + ": " + Files.readString(tmp.resolve("kill.txt")))
                .isZero();
        CliProcess.Result stopped = parent.await("compare");

        // First the variant: before the fix the parent's shutdown hook sent it a second signal and it
        // aborted without its checkpoint.
        assertStoppedCleanly(out, "SIGINT");
        assertThat(stopped.code()).as(stopped.err()).isEqualTo(130);
        assertThat(stopped.err()).contains("SIGINT stopped the comparison",
                "lora seed 4: stopped at step " + PAUSE_STEP + " (checkpoint written)");
        assertThat(new File(tmp.toFile(), "hs_err_pid" + parent.process().pid() + ".log")).doesNotExist();
    }
}
