package dev.lorakit.plugins.dqn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.host.config.ExperimentConfigs;
import dev.lorakit.host.plugin.PluginLoader;
import dev.lorakit.host.plugin.PluginRegistry;
import dev.lorakit.host.run.ExperimentRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's claim for RL: a DQN LoRA run's {@code adapter/} loads with Hugging Face PEFT onto
 * the torch Q-network (modules {@code fc1}, {@code fc2}, {@code q}) holding the base run's
 * weights, and gives the Q-values of the network lorakit trained. The two shipped configs run
 * through the host as {@code ./lorakit run} runs them, shortened. Skipped when {@code python3 -c
 * "import peft, torch, safetensors"} fails.
 */
class PeftQNetworkIT {

    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final Path SCRIPT = Path.of("src/test/python/peft_qnetwork.py");
    private static final List<String> SHORT = List.of(
            "dqn.total_timesteps=1200", "dqn.learning_starts=200", "dqn.eval_every=1200",
            "dqn.eval_episodes=2", "dqn.record_gif=false", "dqn.stop_on_solve=false", "checkpoint.every_steps=0");

    @TempDir Path tmp;

    @Test
    void theLoraRunsAdapterLoadsInPeftOntoTheBaseNetworkWithLorakitsQValues() throws Exception {
        assumeTrue(run(List.of("python3", "-c", "import peft, torch, safetensors"), null) == 0,
                "python3 with peft, torch and safetensors is not installed (pip install -r framework/lora/src/test/python/requirements.txt)");
        Path base = tmp.resolve("base");
        Path lora = tmp.resolve("lora");
        try (PluginRegistry registry = PluginLoader.builder().optClasspath(getClass().getClassLoader()).build().load()) {
            train(registry, "configs/cartpole-dqn.yaml", base, List.of());
            train(registry, "configs/cartpole-long-pole-lora.yaml", lora,
                    List.of("init_from=" + base));
        }
        assertThat(lora.resolve("adapter/adapter_config.json")).isRegularFile();

        float[][] observations = {
            {0f, 0f, 0f, 0f}, {0.05f, -0.3f, 0.02f, 0.4f}, {-0.8f, 1.2f, -0.15f, -1.5f}, {1.5f, 0.5f, 0.1f, 2f}
        };
        ObjectMapper json = new ObjectMapper();
        Path obs = tmp.resolve("obs.json");
        json.writeValue(obs.toFile(), observations);
        Path out = tmp.resolve("q.json");
        Path log = tmp.resolve("python.log");
        int code = run(List.of("python3", SCRIPT.toString(), base.resolve("q_network.safetensors").toString(),
                lora.resolve("adapter").toString(), lora.resolve("q_network.safetensors").toString(), obs.toString(),
                out.toString()), log);
        assertThat(code).as(Files.readString(log)).isZero();

        JsonNode q = json.readTree(out.toFile());
        double largestChange = 0;
        for (int i = 0; i < observations.length; i++) {
            for (int a = 0; a < 2; a++) {
                double peft = q.get("peft").get(i).get(a).asDouble();
                double lorakit = q.get("merged").get(i).get(a).asDouble();
                assertThat(peft).as("observation %d action %d", i, a)
                        .isCloseTo(lorakit, org.assertj.core.data.Offset.offset(1e-4 * Math.max(1, Math.abs(lorakit))));
                largestChange = Math.max(largestChange, Math.abs(peft - q.get("base").get(i).get(a).asDouble()));
            }
        }
        // The adapter trained (B left zero would pass the comparison trivially).
        assertThat(largestChange).isGreaterThan(1e-4);
    }

    private static void train(PluginRegistry registry, String config, Path runDir, List<String> extra) throws Exception {
        List<String> overrides = new ArrayList<>(SHORT);
        overrides.addAll(extra);
        ExperimentRunner.builder()
                .setConfig(ExperimentConfigs.load(REPO.resolve(config), overrides, registry))
                .optRunDirectory(runDir)
                .optProgress(false)
                .build()
                .run();
    }

    private static int run(List<String> command, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log.toFile()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return -1; // no python3 on the PATH
        }
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 5 minutes");
        }
        return p.exitValue();
    }
}
