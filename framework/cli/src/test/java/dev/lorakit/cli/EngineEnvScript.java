package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code framework/engine-env.sh} the way {@code ./lorakit} does (bash, {@code set -euo
 * pipefail}, {@code lorakit_engine_env "$@"}) in a clean environment, and reads back what it
 * exported. Shared by the tests of the script and of the MKL shim it builds.
 */
final class EngineEnvScript {

    static final Path SCRIPT = CliProcess.repo().resolve("framework/engine-env.sh");

    private static final String VARIABLES =
            "ONEDNN_MAX_CPU_ISA MALLOC_MMAP_THRESHOLD_ MALLOC_TRIM_THRESHOLD_ MALLOC_TOP_PAD_ DJL_CACHE_DIR LD_PRELOAD";

    private EngineEnvScript() {}

    /**
     * The script's exports for a command with {@code args}, starting from PATH, a HOME and
     * {@code env} only.
     *
     * @param env variables the caller has set
     * @param args the command's arguments
     * @return each variable's value, "" when unset
     */
    static Map<String, String> exported(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "set -euo pipefail; source \"$0\"; lorakit_engine_env \"$@\"; "
                        + "for v in " + VARIABLES + "; do echo \"$v=${!v:-}\"; done",
                SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Map<String, String> vars = new TreeMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                vars.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return vars;
    }
}
