package dev.lorakit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the built CLI ({@code target/lorakit-cli.jar} + {@code target/lib}) in its own JVM, as the launcher does. */
final class CliProcess {

    /** What a CLI process did. */
    record Result(int code, String out, String err) {}

    private CliProcess() {}

    static Path repo() {
        return Path.of(System.getProperty("lorakit.repo", "../..")).toAbsolutePath().normalize();
    }

    static Path index() {
        return Path.of(System.getProperty("lorakit.index", repo().resolve("target/marketplace/index.json").toString()));
    }

    /**
     * The fixture plugin's entry of the build's sample index.
     *
     * @param index the parsed index
     * @return the entry (id, description, releases)
     */
    static com.fasterxml.jackson.databind.node.ObjectNode fixtureEntry(com.fasterxml.jackson.databind.JsonNode index) {
        for (com.fasterxml.jackson.databind.JsonNode plugin : index) {
            if (plugin.get("id").asText().equals("fixture")) {
                return (com.fasterxml.jackson.databind.node.ObjectNode) plugin;
            }
        }
        throw new IllegalStateException("the build's index lists no fixture plugin: " + index);
    }

    /**
     * The fixture plugin's jar, as the build's sample index names it.
     *
     * @return the jar's path
     * @throws IOException when the index cannot be read
     */
    static Path fixtureJar() throws IOException {
        String url = fixtureEntry(new com.fasterxml.jackson.databind.ObjectMapper().readTree(index().toFile()))
                .get("releases").get(0).get("url").asText();
        return index().getParent().resolve(url).normalize();
    }

    /** A CLI process that is still running, with the files its output goes to. */
    record Started(Process process, Path out, Path err) {

        /**
         * Standard error so far.
         *
         * @return its text
         * @throws IOException when the file cannot be read
         */
        String errText() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        /**
         * Waits for the end (at most ten minutes, then kills it).
         *
         * @param args the arguments it was started with, for the time-out message
         * @return what the process did
         * @throws IOException when its output cannot be read
         * @throws InterruptedException when interrupted while waiting
         */
        Result await(String... args) throws IOException, InterruptedException {
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("lorakit " + String.join(" ", args) + " did not finish in 10 minutes;"
                        + " stderr:\n" + errText());
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), errText());
        }
    }

    static Result run(Path workDir, Map<String, String> properties, String... args) throws IOException, InterruptedException {
        return start(workDir, properties, args).await(args);
    }

    /**
     * Starts the CLI without waiting for it.
     *
     * @param workDir its working directory (and where its output files go)
     * @param properties extra system properties
     * @param args its arguments
     * @return the running process
     * @throws IOException when it cannot start
     */
    static Started start(Path workDir, Map<String, String> properties, String... args) throws IOException {
        return start(List.of(), workDir, properties, args);
    }

    /**
     * Starts the CLI through a launcher command without waiting for it.
     *
     * @param launcher what runs {@code java}, e.g. {@code ["setsid"]} for a process group of its own
     * @param workDir its working directory (and where its output files go)
     * @param properties extra system properties
     * @param args its arguments
     * @return the running process
     * @throws IOException when it cannot start
     */
    static Started start(List<String> launcher, Path workDir, Map<String, String> properties, String... args)
            throws IOException {
        Path target = repo().resolve("framework/cli/target");
        List<String> command = new ArrayList<>(launcher);
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Dai.djl.offline=true");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(target.resolve("lorakit-cli.jar") + java.io.File.pathSeparator + target.resolve("lib") + "/*");
        command.add("dev.lorakit.cli.Main");
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Process p = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Started(p, out, err);
    }
}
