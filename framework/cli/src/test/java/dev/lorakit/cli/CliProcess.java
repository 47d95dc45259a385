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

    static Result run(Path workDir, Map<String, String> properties, String... args) throws IOException, InterruptedException {
        Path target = repo().resolve("framework/cli/target");
        List<String> command = new ArrayList<>();
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
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("lorakit " + String.join(" ", args) + " did not finish in 10 minutes");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
