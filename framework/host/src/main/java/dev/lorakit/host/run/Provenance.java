package dev.lorakit.host.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Where a run's code came from: the git commit of the lorakit checkout, when there is one. */
final class Provenance {

    private Provenance() {}

    /**
     * The commit of the checkout at {@code -Dlorakit.home} (set by the launcher) or the working
     * directory.
     *
     * @return the full commit hash, or null when not in a git checkout or git is missing
     */
    static String gitCommit() {
        Path home = Path.of(System.getProperty("lorakit.home", "."));
        if (!Files.isDirectory(home.resolve(".git")) && !Files.isRegularFile(home.resolve(".git"))) {
            return null;
        }
        try {
            Process p = new ProcessBuilder("git", "-C", home.toString(), "rev-parse", "HEAD")
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
