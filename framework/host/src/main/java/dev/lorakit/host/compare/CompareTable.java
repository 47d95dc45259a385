package dev.lorakit.host.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The side-by-side figures of a comparison: one row per quantity, one column per mode, each cell
 * the value of the mode's single run or, with several seeds, the mean ± sample standard deviation
 * over them. Every value comes straight from a run's files ({@link CompareRun}); nothing is
 * estimated, and a figure a run did not record stays empty.
 *
 * <pre>{@code
 * CompareTable table = CompareTable.of(runs);
 * System.out.print(table.console());
 * Files.writeString(dir.resolve("compare.csv"), table.csv());
 * }</pre>
 */
public final class CompareTable {

    private static final double MIB = 1024.0 * 1024.0;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One quantity.
     *
     * @param key the machine name (CSV column, JSON key), e.g. {@code step_time_ms}
     * @param label the console label, e.g. {@code step time, median (ms)}
     * @param values per mode, one value per run in seed order (null where the run has none)
     */
    public record Row(String key, String label, Map<CompareMode, List<Double>> values) {

        /**
         * The statistics of one mode's values.
         *
         * @param mode the mode
         * @return mean, sample standard deviation and count of the non-null values
         */
        public Stats stats(CompareMode mode) {
            return Stats.of(values.getOrDefault(mode, List.of()));
        }
    }

    /**
     * Mean and spread of one cell.
     *
     * @param mean the mean, or NaN without values
     * @param std the sample standard deviation (n - 1), 0 for one value, NaN without values
     * @param n how many runs had a value
     */
    public record Stats(double mean, double std, int n) {

        static Stats of(List<Double> values) {
            double[] v = values.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
            if (v.length == 0) {
                return new Stats(Double.NaN, Double.NaN, 0);
            }
            double mean = 0;
            for (double x : v) {
                mean += x;
            }
            mean /= v.length;
            double ss = 0;
            for (double x : v) {
                ss += (x - mean) * (x - mean);
            }
            return new Stats(mean, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0, v.length);
        }
    }

    private final List<CompareRun> runs;
    private final List<CompareMode> modes;
    private final List<Row> rows;

    private CompareTable(List<CompareRun> runs, List<CompareMode> modes, List<Row> rows) {
        this.runs = runs;
        this.modes = modes;
        this.rows = rows;
    }

    /**
     * Builds the table.
     *
     * @param runs the finished runs, in plan order (mode-major or seed-major, both work)
     * @return the table
     * @throws IllegalArgumentException when there are no runs
     */
    public static CompareTable of(List<CompareRun> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to compare");
        }
        Set<CompareMode> modeSet = new LinkedHashSet<>();
        runs.forEach(r -> modeSet.add(r.mode()));
        List<CompareMode> modes = List.copyOf(modeSet);
        String main = runs.get(0).summary().mainMetric();
        Map<String, Map.Entry<String, Function<CompareRun, Double>>> columns = new LinkedHashMap<>();
        columns.put("trainable_parameters", Map.entry("trainable parameters", r -> (double) r.summary().trainableParameters()));
        columns.put("total_parameters", Map.entry("total parameters", r -> (double) r.summary().totalParameters()));
        columns.put("steps", Map.entry("steps", r -> (double) r.summary().steps()));
        columns.put("step_time_ms", Map.entry("step time, median (ms)",
                r -> r.stepTimeSeconds() == null ? null : r.stepTimeSeconds() * 1000));
        columns.put("peak_rss_mib", Map.entry("peak RSS (MiB)",
                r -> r.resources().peakRssBytes() == null ? null : r.resources().peakRssBytes() / MIB));
        columns.put("device_peak_mib", Map.entry("device memory peak (MiB)",
                r -> r.resources().devicePeakBytes() == null ? null : r.resources().devicePeakBytes() / MIB));
        columns.put("wall_time_s", Map.entry("wall time (s)", r -> r.summary().wallTimeSeconds()));
        columns.put("best_" + main, Map.entry("best " + main, r -> r.summary().bestValue()));
        Set<String> finals = new java.util.TreeSet<>();
        runs.forEach(r -> finals.addAll(r.summary().finalMetrics().keySet()));
        for (String metric : finals) {
            columns.put("final_" + metric, Map.entry("final " + metric, r -> r.summary().finalMetrics().get(metric)));
        }
        columns.put("adapter_bytes", Map.entry("adapter file (bytes)", r -> toDouble(r.adapterBytes())));
        columns.put("parameters_bytes", Map.entry("checkpoint parameters (bytes)", r -> toDouble(r.parametersBytes())));
        columns.put("checkpoint_bytes", Map.entry("checkpoint with state (bytes)", r -> toDouble(r.checkpointBytes())));
        List<Row> rows = new ArrayList<>();
        columns.forEach((key, column) -> {
            Map<CompareMode, List<Double>> values = new LinkedHashMap<>();
            for (CompareMode mode : modes) {
                List<Double> v = new ArrayList<>();
                runs.stream().filter(r -> r.mode() == mode).forEach(r -> v.add(column.getValue().apply(r)));
                values.put(mode, v);
            }
            rows.add(new Row(key, column.getKey(), values));
        });
        return new CompareTable(List.copyOf(runs), modes, List.copyOf(rows));
    }

    private static Double toDouble(Long v) {
        return v == null ? null : v.doubleValue();
    }

    /**
     * The rows.
     *
     * @return one row per quantity, in table order
     */
    public List<Row> rows() {
        return rows;
    }

    /**
     * The modes, in column order.
     *
     * @return the modes that ran
     */
    public List<CompareMode> modes() {
        return modes;
    }

    /**
     * The row of a quantity.
     *
     * @param key e.g. {@code trainable_parameters}
     * @return the row
     * @throws IllegalArgumentException when there is no such row
     */
    public Row row(String key) {
        return rows.stream().filter(r -> r.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row " + key));
    }

    /**
     * The console table: quantities down, modes across, and the ratio of the first mode's mean
     * to the second's when two modes ran.
     *
     * @return aligned text, one line per row
     */
    public String console() {
        List<List<String>> lines = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("quantity");
        modes.forEach(m -> header.add(m.id()));
        boolean ratio = modes.size() == 2;
        if (ratio) {
            header.add(modes.get(0).id() + "/" + modes.get(1).id());
        }
        lines.add(header);
        for (Row row : rows) {
            List<String> cells = new ArrayList<>();
            cells.add(row.label());
            for (CompareMode m : modes) {
                cells.add(cell(row, m));
            }
            if (ratio) {
                Stats a = row.stats(modes.get(0));
                Stats b = row.stats(modes.get(1));
                cells.add(a.n() > 0 && b.n() > 0 && b.mean() != 0 ? fmt("%.3g", a.mean() / b.mean()) : "-");
            }
            lines.add(cells);
        }
        int[] widths = new int[header.size()];
        for (List<String> l : lines) {
            for (int i = 0; i < l.size(); i++) {
                widths[i] = Math.max(widths[i], l.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> l : lines) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < l.size(); i++) {
                line.append(String.format(Locale.ROOT, i == 0 ? "%-" + widths[i] + "s" : "  %" + widths[i] + "s", l.get(i)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /**
     * A cell as the console and HTML tables print it.
     *
     * @param row the quantity
     * @param mode the column
     * @return {@code -} without values, the value for one run, {@code mean ± std} for several,
     *     followed by {@code (n=k)} when only k of the mode's runs recorded the figure
     */
    static String cell(Row row, CompareMode mode) {
        Stats s = row.stats(mode);
        if (s.n() == 0) {
            return "-";
        }
        String text = s.n() == 1 ? number(s.mean())
                : number(s.mean()) + " ± " + (s.std() == 0 ? "0" : fmt("%.2g", s.std()));
        int runs = row.values().getOrDefault(mode, List.of()).size();
        return s.n() < runs ? text + " (n=" + s.n() + ")" : text;
    }

    /** Six significant digits without trailing zeros; scientific notation outside [1e-4, 1e9). */
    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        if (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e9) {
            return fmt("%.5e", v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** Full precision: integers without a fraction, others as {@link Double#toString}. */
    private static String raw(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String fmt(String pattern, double v) {
        return String.format(Locale.ROOT, pattern, v);
    }

    /**
     * {@code compare.csv}: one line per run (mode, seed, run directory, then every quantity, full
     * precision, empty where the run has no value).
     *
     * @return the CSV text
     */
    public String csv() {
        StringBuilder out = new StringBuilder("mode,seed,run_dir");
        rows.forEach(r -> out.append(',').append(csvField(r.key())));
        out.append('\n');
        Map<CompareMode, Integer> index = new LinkedHashMap<>();
        for (CompareRun run : runs) {
            int i = index.merge(run.mode(), 1, Integer::sum) - 1;
            out.append(run.mode().id()).append(',').append(run.seed()).append(',')
                    .append(csvField(run.runDirectory().toString()));
            for (Row r : rows) {
                Double v = r.values().get(run.mode()).get(i);
                out.append(',').append(v == null ? "" : raw(v));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /**
     * {@code compare.json}: every run's values and, per mode, each quantity's mean, standard
     * deviation and count.
     *
     * @param config the config file compared
     * @return the JSON text
     */
    public String json(String config) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("config", config);
        root.put("main_metric", runs.get(0).summary().mainMetric());
        root.put("modes", modes.stream().map(CompareMode::id).toList());
        List<Map<String, Object>> runList = new ArrayList<>();
        Map<CompareMode, Integer> index = new LinkedHashMap<>();
        for (CompareRun run : runs) {
            int i = index.merge(run.mode(), 1, Integer::sum) - 1;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("mode", run.mode().id());
            entry.put("seed", run.seed());
            entry.put("run_dir", run.runDirectory().toString());
            Map<String, Double> values = new LinkedHashMap<>();
            rows.forEach(r -> values.put(r.key(), r.values().get(run.mode()).get(i)));
            entry.put("values", values);
            runList.add(entry);
        }
        root.put("runs", runList);
        Map<String, Object> aggregate = new LinkedHashMap<>();
        for (CompareMode m : modes) {
            Map<String, Object> perRow = new LinkedHashMap<>();
            for (Row r : rows) {
                Stats s = r.stats(m);
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("mean", s.n() == 0 ? null : s.mean());
                cell.put("std", s.n() == 0 ? null : s.std());
                cell.put("n", s.n());
                perRow.put(r.key(), cell);
            }
            aggregate.put(m.id(), perRow);
        }
        root.put("aggregate", aggregate);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("compare.json: " + e.getMessage(), e);
        }
    }
}
