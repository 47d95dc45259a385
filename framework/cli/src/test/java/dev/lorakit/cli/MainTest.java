package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void versionNamesTheBuild() {
        StringWriter out = new StringWriter();
        int code = Main.newCommandLine().setOut(new PrintWriter(out)).execute("--version");
        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("lorakit 0.").doesNotContain("${");
    }
}
