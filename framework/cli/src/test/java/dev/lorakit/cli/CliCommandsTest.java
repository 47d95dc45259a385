package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands' argument handling and error reporting, with the fixture plugin on the classpath. */
class CliCommandsTest {

    @TempDir Path tmp;

    private record Result(int code, String out, String err) {}

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void pluginsListAndInfoShowTheFixture() {
        Result list = run("plugins", "list", "--plugins-dir", tmp.toString());
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("fixture", "Two-spirals classification");
        Result info = run("plugins", "info", "fixture", "--plugins-dir", tmp.toString());
        assertThat(info.out()).contains("lora targets:   [0, 2]", "requires:       plugin API ^0.1.0",
                "dev.lorakit.testing.fixture.FixtureConfig", "threads hint:   1");
        Result unknown = run("plugins", "info", "nope", "--plugins-dir", tmp.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("lorakit: unknown plugin \"nope\"; known plugins: fixture" + System.lineSeparator());
    }

    @Test
    void aBadThreadCountStopsTheRunBeforeItStarts() throws Exception {
        Path config = tmp.resolve("ok.yaml");
        Files.writeString(config, "plugin: fixture\n");
        Result r = run("run", config.toString(), "--threads", "0", "--plugins-dir", tmp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("lorakit: --threads must be a whole number >= 1, got 0");
    }

    @Test
    void configErrorsAreOneLineWithFileAndKeyPath() throws Exception {
        Path config = tmp.resolve("bad.yaml");
        Files.writeString(config, "plugin: fixture\ntrainer:\n  optimizer: {type: adamw, lr: -1}\n");
        Result r = run("run", config.toString(), "--plugins-dir", tmp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("lorakit: " + config + ": trainer.optimizer.lr must be > 0, got -1.0");
        Result unknownPlugin = run("run", config.toString(), "--set", "plugin=dqm", "--plugins-dir", tmp.toString());
        assertThat(unknownPlugin.err().strip())
                .isEqualTo("lorakit: " + config + ": plugin: unknown plugin \"dqm\"; known plugins: fixture");
    }

    @Test
    void refusedPluginJarsAreWarningsAndTheRestStillRuns() throws Exception {
        Files.write(tmp.resolve("broken.jar"), new byte[] {1, 2, 3});
        Result list = run("plugins", "list", "--plugins-dir", tmp.toString());
        assertThat(list.code()).isZero();
        assertThat(list.err()).contains("warning: plugin " + tmp.resolve("broken.jar").toAbsolutePath()
                + " refused: it is not a readable jar");
        assertThat(list.out()).contains("fixture");
    }

    @Test
    void sweepNeedsAGridAndValidatesIt() throws Exception {
        Path config = tmp.resolve("s.yaml");
        Files.writeString(config, "plugin: fixture\n");
        Result r = run("sweep", config.toString(), "--grid", "trainer.max_steps=1,x", "--plugins-dir", tmp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("lorakit: " + config + ": trainer.max_steps: \"x\" is not an integer");
    }

    @Test
    void removeOfAPluginThatIsNotInstalledSaysWhere() {
        Result r = run("plugins", "remove", "fixture", "--plugins-dir", tmp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("plugin \"fixture\" is not installed in " + tmp);
    }
}
