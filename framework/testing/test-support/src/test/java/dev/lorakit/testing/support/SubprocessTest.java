package dev.lorakit.testing.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubprocessTest {

    @TempDir Path tmp;

    @Test
    void returnsTheExitCodeWithTheOutputInTheLog() throws Exception {
        Path log = tmp.resolve("out.log");
        Subprocess.Result r = Subprocess.run(List.of("sh", "-c", "echo checked; echo failed >&2; exit 3"), log);
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.output()).contains("checked", "failed");
        assertThat(Files.readString(log)).isEqualTo(r.output());
    }

    @Test
    void aTimeOutKillsTheCommandAndQuotesWhatItPrinted() {
        Path log = tmp.resolve("slow.log");
        long start = System.nanoTime();
        assertThatThrownBy(() -> Subprocess.run(List.of("sh", "-c", "echo importing torch; sleep 60"), log,
                        Duration.ofSeconds(1)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Timed out after 1 s")
                .hasMessageContaining("sleep 60")
                .hasMessageContaining("importing torch");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void pythonImportsTellsAnInstalledModuleFromAMissingOne() throws Exception {
        assumeTrue(Subprocess.pythonImports("sys", "json"), "python3 is not installed");
        assertThat(Subprocess.pythonImports("sys", "lorakit_no_such_module")).isFalse();
    }
}
