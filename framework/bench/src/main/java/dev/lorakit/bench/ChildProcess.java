package dev.lorakit.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one measuring process (a child JVM or a Python baseline) and reads the {@code RESULT
 * key=value ...} line it prints, so that each measurement has a process, and a peak memory, of
 * its own.
 */
final class ChildProcess {

    private ChildProcess() {}

    /**
     * Runs the command to completion, its standard error passed through.
     *
     * @param command the command line
     * @return the numbers of its last {@code RESULT} line, by key
     * @throws IOException when the process fails or prints no {@code RESULT} line
     * @throws InterruptedException when interrupted while waiting
     */
    static Map<String, Double> run(List<String> command) throws IOException, InterruptedException {
        return run(command, Set.of());
    }

    /**
     * Runs a child without some of this process's environment variables and reads its
     * {@code RESULT} line.
     *
     * @param command the command
     * @param unset environment variables the child does not inherit
     * @return the RESULT line's values
     * @throws IOException when the child fails or prints no RESULT line
     * @throws InterruptedException when interrupted
     */
    static Map<String, Double> run(List<String> command, Set<String> unset) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().keySet().removeAll(unset);
        Process p = builder.start();
        Map<String, Double> result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("RESULT ")) {
                    result = new HashMap<>();
                    for (String kv : line.substring(7).trim().split(" ")) {
                        String[] parts = kv.split("=");
                        result.put(parts[0], Double.parseDouble(parts[1]));
                    }
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0 || result == null) {
            throw new IOException("Benchmark child " + command + " failed with exit code " + exit
                    + (result == null ? " and printed no RESULT line" : ""));
        }
        return result;
    }
}
