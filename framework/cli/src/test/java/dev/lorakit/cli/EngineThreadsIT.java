package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thread count a command chooses reaches the PyTorch engine: {@code lorakit run}, in its own
 * JVM, with the fixture plugin (whose descriptor hints {@code "threads": 1}); the engine's own
 * start-up line (DJL's {@code PtEngine} logs {@code torch::get_num_threads()}) is the evidence.
 */
class EngineThreadsIT {

    @TempDir Path tmp;

    private CliProcess.Result run(String... extra) throws Exception {
        Path jar = CliProcess.fixtureJar();
        List<String> args = new ArrayList<>(List.of("run", CliProcess.repo().resolve("configs/spirals-fixture.yaml").toString(),
                "--set", "trainer.max_steps=2", "--set", "trainer.eval_every=2", "--set", "checkpoint.every_steps=0",
                "--runs-root", tmp.resolve("runs").toString(), "--plugins-dir", tmp.resolve("no-plugins").toString()));
        args.addAll(List.of(extra));
        CliProcess.Result r = CliProcess.run(tmp, Map.of("lorakit.bundled.plugins", jar.toString(),
                "org.slf4j.simpleLogger.log.ai.djl.pytorch.engine.PtEngine", "info"), args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    @Test
    void thePluginsHintReachesTheEngine() throws Exception {
        CliProcess.Result r = run();
        assertThat(r.out()).contains("lorakit: 1 intra-op thread (plugin fixture's hint");
        assertThat(r.err()).contains("Number of intra-op threads is 1");
    }

    @Test
    void theOptionOverridesTheHint() throws Exception {
        CliProcess.Result r = run("--threads", "2");
        assertThat(r.out()).contains("lorakit: 2 intra-op threads (--threads)");
        assertThat(r.err()).contains("Number of intra-op threads is 2");
    }
}
