package dev.lorakit.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.train.checkpoint.CheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a training subprocess ({@link SpiralTrainingMain}) with SIGKILL at several moments,
 * including in the middle of a checkpoint write, resumes it each time, and checks that it ends
 * with exactly the metrics and parameters of an uninterrupted run.
 *
 * <p>The subprocess pauses itself where a kill must land (after a given step, inside a checkpoint
 * write) and the test kills it once it says so, so a loaded machine only makes the test slower:
 * no kill depends on how many steps run between two polls. The time-outs only catch a hung run.
 */
class SigkillResumeIT {

    private static final long SEED = 2024;

    /** How long a subprocess may take to reach a point; generous because only a hang should trip it. */
    private static final long AWAIT_SECONDS = 600;

    @TempDir Path tmp;

    private Process start(Path runDir, Path log, String... extraProperties) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        for (String p : new String[] {"ai.djl.offline", "ai.djl.default_engine", "ai.djl.pytorch.num_threads",
                "ai.djl.pytorch.num_interop_threads", "org.slf4j.simpleLogger.defaultLogLevel"}) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        for (String p : extraProperties) {
            cmd.add("-D" + p);
        }
        cmd.add(SpiralTrainingMain.class.getName());
        cmd.add(runDir.toString());
        cmd.add(Long.toString(SEED));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private static void await(Process p, BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (!p.isAlive()) {
                throw new AssertionError("The run ended before " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flushing
        assertThat(p.waitFor(AWAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    private static void finish(Process p, Path log) throws Exception {
        assertThat(p.waitFor(AWAIT_SECONDS, TimeUnit.SECONDS)).as("the run to finish").isTrue();
        assertThat(p.exitValue()).as("exit code; log:\n%s", read(log)).isZero();
    }

    private static long metricLines(Path runDir) {
        try {
            Path f = runDir.resolve("metrics.jsonl");
            return Files.exists(f) ? Files.readAllLines(f).size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean has(Path dir) {
        return Files.isDirectory(dir);
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean hasTempCheckpoint(Path runDir) {
        try (Stream<Path> s = Files.list(runDir.resolve("checkpoints"))) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith(".tmp-"));
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void killedRunsResumeAndFinishLikeAnUninterruptedRun() throws Exception {
        Path reference = tmp.resolve("reference");
        Path log = tmp.resolve("log.txt");
        finish(start(reference, tmp.resolve("reference.log")), tmp.resolve("reference.log"));

        Path run = tmp.resolve("killed");
        Path checkpoints = run.resolve("checkpoints");

        // 1. Before the first checkpoint: the retry starts over and drops the logged lines.
        Process p = start(run, log, SpiralTrainingMain.PAUSE_AFTER_STEP_PROPERTY + "=2");
        await(p, () -> read(log).contains(SpiralTrainingMain.pausedLine(2)), "the pause after step 2");
        assertThat(metricLines(run)).isGreaterThanOrEqualTo(2);
        kill(p);
        assertThat(has(checkpoints.resolve("step-000005"))).isFalse();

        // 2. Between checkpoints, after the one at step 10.
        p = start(run, log, SpiralTrainingMain.PAUSE_AFTER_STEP_PROPERTY + "=13");
        await(p, () -> read(log).contains(SpiralTrainingMain.pausedLine(13)), "the pause after step 13");
        kill(p);
        assertThat(has(checkpoints.resolve("step-000010"))).isTrue();
        assertThat(has(checkpoints.resolve("step-000015"))).isFalse();

        // 3. In the middle of writing a checkpoint: data files written, no manifest, no rename.
        p = start(run, log, CheckpointStore.PAUSE_PROPERTY + "=20000");
        await(p, () -> read(log).contains("lorakit-test: checkpoint write paused"), "the paused checkpoint write");
        kill(p);
        assertThat(hasTempCheckpoint(run)).as("a half-written checkpoint is left").isTrue();

        // 4. At a seeded random moment after the JVM is up (it may land anywhere, or after the end).
        Random random = new Random(SEED);
        long linesBefore = metricLines(run);
        p = start(run, log);
        await(p, () -> metricLines(run) > linesBefore, "the resumed run to log");
        if (!p.waitFor(random.nextInt(1500), TimeUnit.MILLISECONDS)) {
            kill(p);
        }

        // 5. To the end.
        p = start(run, log);
        finish(p, log);
        assertThat(hasTempCheckpoint(run)).isFalse();

        assertThat(SupervisedTrainerTest.withoutTiming(run.resolve("metrics.jsonl")))
                .isEqualTo(SupervisedTrainerTest.withoutTiming(reference.resolve("metrics.jsonl")));
        assertThat(Files.readString(run.resolve("final.params")))
                .isEqualTo(Files.readString(reference.resolve("final.params")));
    }
}
