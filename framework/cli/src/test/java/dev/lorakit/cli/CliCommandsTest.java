package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /** Runs {@code command CONFIG args} on a config holding {@code yaml}; expects a user error and returns its line. */
    private String userError(String command, String yaml, String... args) throws Exception {
        Path config = tmp.resolve(command + ".yaml");
        Files.writeString(config, yaml);
        List<String> all = new ArrayList<>(List.of(command, config.toString()));
        all.addAll(List.of(args));
        all.addAll(List.of("--plugins-dir", tmp.toString()));
        Result r = run(all.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        return r.err().strip().replace(config.toString(), "CONFIG");
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
        assertThat(userError("run", "plugin: fixture\n", "--threads", "0"))
                .isEqualTo("lorakit: --threads must be a whole number >= 1, got 0");
    }

    @Test
    void configErrorsAreOneLineWithFileAndKeyPath() throws Exception {
        String yaml = "plugin: fixture\ntrainer:\n  optimizer: {type: adamw, lr: -1}\n";
        assertThat(userError("run", yaml)).isEqualTo("lorakit: CONFIG: trainer.optimizer.lr must be > 0, got -1.0");
        assertThat(userError("run", yaml, "--set", "plugin=dqm"))
                .isEqualTo("lorakit: CONFIG: plugin: unknown plugin \"dqm\"; known plugins: fixture");
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
        assertThat(userError("sweep", "plugin: fixture\n", "--grid", "trainer.max_steps=1,x"))
                .isEqualTo("lorakit: CONFIG: trainer.max_steps: \"x\" is not an integer");
    }

    @Test
    void removeOfAPluginThatIsNotInstalledSaysWhere() {
        Result r = run("plugins", "remove", "fixture", "--plugins-dir", tmp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("plugin \"fixture\" is not installed in " + tmp);
    }
}
