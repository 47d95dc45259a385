package dev.lorakit.host.run;

import dev.lorakit.host.config.ConfigAliases;
import dev.lorakit.host.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hyperparameter grid from {@code --grid key.path=v1,v2,...} options: every combination, the
 * first key varying slowest, as {@code --set} overrides. Keys may be {@link ConfigAliases aliases}
 * ({@code trainer.lr}); the leaderboard shows them as typed.
 *
 * <pre>{@code
 * SweepGrid grid = SweepGrid.parse(List.of("lora.r=4,8,16", "trainer.lr=1e-3,1e-4"));
 * grid.combinations(); // [[lora.r=4, trainer.lr=1e-3], [lora.r=4, trainer.lr=1e-4], [lora.r=8, ...], ...]
 * }</pre>
 *
 * @param axes key path to its values, in option order
 */
public record SweepGrid(Map<String, List<String>> axes) {

    /**
     * Copies the axes.
     *
     * @param axes key path to values
     */
    public SweepGrid {
        axes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(axes));
    }

    /**
     * Parses {@code --grid} options.
     *
     * @param options items of the form {@code key.path=v1,v2}
     * @return the grid
     * @throws ConfigException naming a malformed or repeated option
     */
    public static SweepGrid parse(List<String> options) {
        if (options.isEmpty()) {
            throw new ConfigException("--grid: at least one is required, e.g. --grid lora.r=4,8,16");
        }
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (String option : options) {
            int eq = option.indexOf('=');
            if (eq <= 0 || eq == option.length() - 1) {
                throw new ConfigException("--grid " + option + ": expected key.path=v1,v2,... e.g. lora.r=4,8,16");
            }
            String key = option.substring(0, eq).trim();
            String canonical = ConfigAliases.canonical(key);
            for (String axis : axes.keySet()) {
                if (ConfigAliases.canonical(axis).equals(canonical)) {
                    throw new ConfigException("--grid " + option + ": " + key + " is already a grid axis"
                            + (axis.equals(key) ? "" : " (as " + axis + ")"));
                }
            }
            List<String> values = new ArrayList<>();
            for (String v : option.substring(eq + 1).split(",")) {
                if (v.isBlank()) {
                    throw new ConfigException("--grid " + option + ": empty value");
                }
                values.add(v.trim());
            }
            axes.put(key, List.copyOf(values));
        }
        return new SweepGrid(axes);
    }

    /**
     * Every combination as overrides.
     *
     * @return one {@code key=value} list per run
     */
    public List<List<String>> combinations() {
        List<List<String>> result = new ArrayList<>();
        result.add(List.of());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> prefix : result) {
                for (String value : axis.getValue()) {
                    List<String> combo = new ArrayList<>(prefix);
                    combo.add(axis.getKey() + "=" + value);
                    next.add(List.copyOf(combo));
                }
            }
            result = next;
        }
        return result;
    }
}
