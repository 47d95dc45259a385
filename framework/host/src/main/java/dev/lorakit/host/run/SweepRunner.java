package dev.lorakit.host.run;

import dev.lorakit.lora.io.AtomicFiles;
import dev.lorakit.host.config.ExperimentConfigs;
import dev.lorakit.host.config.ResolvedConfig;
import dev.lorakit.host.plugin.PluginRegistry;
import dev.lorakit.train.StopRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs a config once per grid combination into {@code runs/<config>__sweep__<time>/<i>__<k=v>...}
 * and ranks the runs by the plugin's main metric in {@code sweep.csv}. Every combination is
 * validated before the first run starts, so a typo in the grid fails in a second, not an hour.
 */
public final class SweepRunner {

    /**
     * One row of the leaderboard.
     *
     * @param overrides the grid values of the run
     * @param runDirectory the run directory
     * @param summary its summary
     */
    public record Entry(List<String> overrides, Path runDirectory, RunSummary summary) {}

    private SweepRunner() {}

    /**
     * Runs the sweep.
     *
     * @param config the config file
     * @param baseOverrides {@code --set} overrides applied to every run
     * @param grid the grid
     * @param plugins the loaded plugins
     * @param runsRoot where the sweep directory is created
     * @param onRunDone called after each run, e.g. to print progress
     * @param stop a request (a signal) that stops the current run with a checkpoint and starts no
     *     further run; the leaderboard then holds the runs so far, the last one interrupted
     * @return the leaderboard, best first
     * @throws Exception when a run fails
     */
    public static Leaderboard run(Path config, List<String> baseOverrides, SweepGrid grid, PluginRegistry plugins,
            Path runsRoot, Consumer<Entry> onRunDone, StopRequest stop) throws Exception {
        List<ResolvedConfig> configs = new ArrayList<>();
        for (List<String> combo : grid.combinations()) {
            List<String> all = new ArrayList<>(baseOverrides);
            all.addAll(combo);
            configs.add(ExperimentConfigs.load(config, all, plugins));
        }
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(LocalDateTime.now(ZoneOffset.UTC));
        Path sweepDir = runsRoot.resolve(configs.get(0).name() + "__sweep__" + stamp);
        Files.createDirectories(sweepDir);
        List<Entry> entries = new ArrayList<>();
        List<List<String>> combos = grid.combinations();
        for (int i = 0; i < configs.size(); i++) {
            Path dir = sweepDir.resolve(String.format(Locale.ROOT, "%03d__%s", i,
                    String.join("__", combos.get(i)).replaceAll("[^A-Za-z0-9._=-]", "_")));
            ExperimentRunner.RunResult result = ExperimentRunner.builder()
                    .setConfig(configs.get(i)).optRunDirectory(dir).optStop(stop).build().run();
            Entry entry = new Entry(combos.get(i), result.runDirectory(), result.summary());
            entries.add(entry);
            onRunDone.accept(entry);
            if (stop.isRequested()) {
                break;
            }
        }
        Leaderboard board = Leaderboard.of(sweepDir, entries);
        board.writeCsv(sweepDir.resolve("sweep.csv"));
        return board;
    }

    /**
     * Runs ranked by their best main-metric value; runs that never logged it come last.
     *
     * @param sweepDirectory the sweep directory
     * @param entries best first
     */
    public record Leaderboard(Path sweepDirectory, List<Entry> entries) {

        static Leaderboard of(Path dir, List<Entry> entries) {
            boolean higher = entries.get(0).summary().higherIsBetter();
            Comparator<Entry> byValue = Comparator.comparing(e -> e.summary().bestValue(),
                    Comparator.nullsLast(higher ? Comparator.<Double>reverseOrder() : Comparator.<Double>naturalOrder()));
            List<Entry> sorted = new ArrayList<>(entries);
            sorted.sort(byValue);
            return new Leaderboard(dir, List.copyOf(sorted));
        }

        /**
         * Writes {@code sweep.csv}: rank, the grid keys, the main metric's best value and step,
         * wall time, trainable parameters, run directory.
         *
         * @param file the CSV file
         * @throws IOException when writing fails
         */
        public void writeCsv(Path file) throws IOException {
            StringBuilder csv = new StringBuilder();
            List<String> header = header();
            csv.append(String.join(",", header)).append('\n');
            for (List<String> row : rows()) {
                csv.append(String.join(",", row.stream().map(Leaderboard::csvCell).toList())).append('\n');
            }
            AtomicFiles.writeString(file, csv.toString());
        }

        /**
         * The console table.
         *
         * @return aligned columns, one line per run, best first
         */
        public String table() {
            List<List<String>> lines = new ArrayList<>();
            lines.add(header());
            lines.addAll(rows());
            int[] widths = new int[lines.get(0).size()];
            for (List<String> l : lines) {
                for (int i = 0; i < l.size(); i++) {
                    widths[i] = Math.max(widths[i], l.get(i).length());
                }
            }
            StringBuilder sb = new StringBuilder();
            for (List<String> l : lines) {
                for (int i = 0; i < l.size(); i++) {
                    sb.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", l.get(i)))
                            .append(i + 1 < l.size() ? "  " : "\n");
                }
            }
            return sb.toString();
        }

        private List<String> header() {
            List<String> h = new ArrayList<>();
            h.add("rank");
            for (String o : entries.get(0).overrides()) {
                h.add(o.substring(0, o.indexOf('=')));
            }
            h.add("best " + entries.get(0).summary().mainMetric());
            h.add("best_step");
            h.add("wall_time_s");
            h.add("trainable_params");
            h.add("run_dir");
            return h;
        }

        private List<List<String>> rows() {
            List<List<String>> rows = new ArrayList<>();
            int rank = 1;
            for (Entry e : entries) {
                List<String> r = new ArrayList<>();
                r.add(Integer.toString(rank++));
                for (String o : e.overrides()) {
                    r.add(o.substring(o.indexOf('=') + 1));
                }
                RunSummary s = e.summary();
                r.add(s.bestValue() == null ? "" : String.format(Locale.ROOT, "%.6g", s.bestValue()));
                r.add(s.bestStep() == null ? "" : s.bestStep().toString());
                r.add(String.format(Locale.ROOT, "%.1f", s.wallTimeSeconds()));
                r.add(Long.toString(s.trainableParameters()));
                r.add(e.runDirectory().getFileName().toString());
                rows.add(r);
            }
            return rows;
        }

        private static String csvCell(String s) {
            return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
        }
    }
}
