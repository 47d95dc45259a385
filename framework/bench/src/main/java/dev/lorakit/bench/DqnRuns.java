package dev.lorakit.bench;

import dev.lorakit.host.config.ExperimentConfigs;
import dev.lorakit.host.config.ResolvedConfig;
import dev.lorakit.host.plugin.PluginLoader;
import dev.lorakit.host.plugin.PluginRegistry;
import dev.lorakit.host.run.ExperimentRunner;
import dev.lorakit.plugins.dqn.DqnSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a shipped DQN config through the host, as {@code lorakit run} does (plugin discovery,
 * {@code init_from}, LoRA injection, checkpoints), for the DQN benchmarks.
 */
final class DqnRuns {

    private DqnRuns() {}

    /**
     * Trains one run into {@code runDir} and returns its DQN summary.
     *
     * @param config the config file
     * @param runDir the run directory (must not hold a run)
     * @param seed the run seed (overrides the config's)
     * @param initFrom a run directory to start from ({@code init_from}), or null for the config's own
     */
    static DqnSummary run(Path config, Path runDir, long seed, Path initFrom) throws Exception {
        return run(config, runDir, seed, initFrom, List.of());
    }

    /**
     * Trains one run into {@code runDir} with extra {@code --set} overrides.
     *
     * @param config the config file
     * @param runDir the run directory (must not hold a run)
     * @param seed the run seed (overrides the config's)
     * @param initFrom a run directory to start from ({@code init_from}), or null for the config's own
     * @param more further overrides, e.g. {@code dqn.total_timesteps=10000}
     */
    static DqnSummary run(Path config, Path runDir, long seed, Path initFrom, List<String> more) throws Exception {
        List<String> overrides = new ArrayList<>(List.of("seed=" + seed));
        if (initFrom != null) {
            overrides.add("init_from=" + initFrom.toAbsolutePath());
        }
        overrides.addAll(more);
        try (PluginRegistry plugins =
                PluginLoader.builder().optClasspath(DqnRuns.class.getClassLoader()).build().load()) {
            ResolvedConfig resolved = ExperimentConfigs.load(config, overrides, plugins);
            ExperimentRunner.builder().setConfig(resolved).optRunDirectory(runDir).build().run();
        }
        return DqnSummary.read(runDir.resolve("dqn-summary.json"));
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }
}
