package dev.lorakit.host.compare;

import dev.lorakit.host.config.ConfigException;
import dev.lorakit.host.config.ExperimentConfigs;
import dev.lorakit.host.config.ResolvedConfig;
import dev.lorakit.host.plugin.PluginRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The runs of a comparison: every mode for every seed, each a config override list that differs
 * from the others only in {@code lora.enabled} and {@code seed}. Seeds are the config's seed and
 * the ones after it; runs are ordered seed by seed, modes alternating, so that a machine whose
 * load drifts during the comparison affects every mode alike.
 *
 * <pre>{@code
 * ComparePlan plan = ComparePlan.of(Path.of("configs/spirals-fixture.yaml"),
 *         CompareMode.parseList("lora,full"), 3, List.of("trainer.max_steps=100"), registry);
 * plan.runs().forEach(run -> System.out.println(run.directoryName() + " " + run.overrides()));
 * }</pre>
 *
 * @param config the experiment's config file
 * @param name the config's name (its file name without extension)
 * @param modes the modes, in column order
 * @param seeds the seeds
 * @param runs every (mode, seed) run, in execution order
 */
public record ComparePlan(Path config, String name, List<CompareMode> modes, List<Long> seeds, List<Run> runs) {

    /**
     * One run of the plan.
     *
     * @param mode how it trains
     * @param seed its seed
     * @param overrides the user's overrides, then the mode's and the seed's
     * @param directoryName its run directory's name inside the comparison directory
     */
    public record Run(CompareMode mode, long seed, List<String> overrides, String directoryName) {}

    /**
     * Plans a comparison and validates every run's config before anything runs.
     *
     * @param config the experiment's config file
     * @param modes the modes ({@link CompareMode#parseList})
     * @param seedCount how many seeds per mode, from the config's seed on
     * @param overrides {@code key.path=value} overrides applied to every run
     * @param plugins the loaded plugins
     * @return the plan
     * @throws ConfigException when {@code seedCount < 1} or a run's config does not bind (the
     *     message names the file, key and value)
     */
    public static ComparePlan of(Path config, List<CompareMode> modes, int seedCount, List<String> overrides,
            PluginRegistry plugins) {
        if (seedCount < 1) {
            throw new ConfigException("--seeds must be >= 1, got " + seedCount);
        }
        if (modes.isEmpty()) {
            throw new ConfigException("--modes: no mode given; valid modes: lora, full");
        }
        ResolvedConfig base = ExperimentConfigs.load(config, overrides, plugins);
        List<Long> seeds = new ArrayList<>();
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < seedCount; i++) {
            long seed = base.spec().seed() + i;
            seeds.add(seed);
            for (CompareMode mode : modes) {
                List<String> all = new ArrayList<>(overrides);
                all.add(mode.override());
                all.add("seed=" + seed);
                ExperimentConfigs.load(config, all, plugins);
                runs.add(new Run(mode, seed, List.copyOf(all), mode.id() + "__seed-" + seed));
            }
        }
        return new ComparePlan(config, base.name(), List.copyOf(modes), List.copyOf(seeds), List.copyOf(runs));
    }
}
