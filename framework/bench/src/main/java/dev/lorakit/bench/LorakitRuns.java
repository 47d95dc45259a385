package dev.lorakit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.host.run.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs of {@code ./lorakit run} as a user makes them, for the vision benchmarks: each run's
 * output goes to {@code <run dir>.log} (so a benchmark's stdout stays its table), and its
 * results are read back from the run's {@code summary.json}.
 */
final class LorakitRuns {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LorakitRuns() {}

    /**
     * Runs {@code ./lorakit run ARGS} unless the run directory already holds a finished run.
     *
     * @param arguments config file and options, including {@code --run-dir runDirectory}
     * @param runDirectory the run's directory
     * @return the run's summary
     * @throws IOException when the summary cannot be read
     * @throws InterruptedException when interrupted while waiting for the run
     */
    static JsonNode runOnce(List<String> arguments, Path runDirectory) throws IOException, InterruptedException {
        if (interrupted(runDirectory)) {
            exec(List.of("./lorakit", "resume", runDirectory.toString()), runDirectory);
        } else if (!finished(runDirectory)) {
            run(arguments, runDirectory);
        }
        return summary(runDirectory);
    }

    /**
     * Whether the directory holds a run that reached its end: a {@code summary.json} whose status
     * is not {@value RunSummary#INTERRUPTED} (a signal-stopped run writes one too).
     *
     * @param runDirectory the run's directory
     * @return true for a finished run
     * @throws IOException when the summary cannot be read
     */
    static boolean finished(Path runDirectory) throws IOException {
        return Files.isRegularFile(runDirectory.resolve("summary.json")) && !interrupted(runDirectory);
    }

    /**
     * Whether the directory holds a run a signal stopped ({@code lorakit resume} continues it).
     *
     * @param runDirectory the run's directory
     * @return true for an interrupted run
     * @throws IOException when the summary cannot be read
     */
    static boolean interrupted(Path runDirectory) throws IOException {
        Path file = runDirectory.resolve("summary.json");
        return Files.isRegularFile(file)
                && RunSummary.INTERRUPTED.equals(JSON.readTree(file.toFile()).path("status").asText());
    }

    /**
     * Runs {@code ./lorakit run ARGS}, failing when it exits with an error.
     *
     * @param arguments config file and options
     * @param runDirectory the run's directory (its log is written beside it)
     * @throws IOException when the process cannot start
     * @throws InterruptedException when interrupted while waiting for the run
     */
    static void run(List<String> arguments, Path runDirectory) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("./lorakit", "run"));
        command.addAll(arguments);
        exec(command, runDirectory);
    }

    private static void exec(List<String> command, Path runDirectory) throws IOException, InterruptedException {
        Path log = logOf(runDirectory);
        Files.createDirectories(log.getParent());
        System.err.println("+ " + String.join(" ", command) + "  > " + log);
        int code = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + code + "; see " + log);
        }
    }

    /**
     * A finished run's {@code summary.json}.
     *
     * @param runDirectory the run's directory
     * @return the parsed summary
     * @throws IOException when it cannot be read
     */
    static JsonNode summary(Path runDirectory) throws IOException {
        Path file = runDirectory.resolve("summary.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: the run did not finish");
        }
        if (interrupted(runDirectory)) {
            throw new IllegalStateException(file + " says the run was interrupted: `lorakit resume` it first");
        }
        return JSON.readTree(file.toFile());
    }

    /**
     * One of a summary's final metrics.
     *
     * @param summary the run's summary
     * @param name the metric ({@code test/accuracy})
     * @return its value
     */
    static double metric(JsonNode summary, String name) {
        JsonNode v = summary.path("final_metrics").get(name);
        if (v == null) {
            throw new IllegalStateException("summary.json has no final metric " + name);
        }
        return v.asDouble();
    }

    /**
     * How many updates the learner's non-finite guard skipped, counted from its warnings in the
     * run's log ("?" when the log is gone, e.g. for a run made outside a benchmark).
     *
     * @param runDirectory the run's directory
     * @return the count, or "?"
     * @throws IOException when the log cannot be read
     */
    static String skippedSteps(Path runDirectory) throws IOException {
        Path log = logOf(runDirectory);
        if (!Files.isRegularFile(log)) {
            return "?";
        }
        try (var lines = Files.lines(log)) {
            return Long.toString(lines.filter(l -> l.contains("Skipping a step")).count());
        }
    }

    private static Path logOf(Path runDirectory) {
        return runDirectory.resolveSibling(runDirectory.getFileName() + ".log");
    }
}
