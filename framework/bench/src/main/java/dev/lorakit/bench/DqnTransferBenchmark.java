package dev.lorakit.bench;

import dev.lorakit.plugins.dqn.DqnSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * LoRA transfer vs full fine-tuning vs training from scratch on changed CartPoles. Per seed:
 * train {@code configs/cartpole-dqn.yaml} on CartPole-v1, then run each
 * {@code configs/cartpole-<variant>-{lora,full,scratch}.yaml} (the first two with
 * {@code init_from} the base run, scratch from a fresh network) through the host, and report env
 * steps to a greedy 20-episode mean of 475, wall and CPU seconds and trainable parameters.
 *
 * <p>{@code BENCH_JAVA_OPTS=-Dai.djl.pytorch.num_threads=1 framework/bench/run
 * DqnTransferBenchmark [seeds] [variant...]} (default 3 seeds, variants {@code heavy-pole
 * long-pole}); {@code seeds} is a count ({@code 3} = seeds 1 to 3) or a range ({@code 2-3}), so
 * that seeds can run in separate processes.
 */
public final class DqnTransferBenchmark {

    private static final List<String> KINDS = List.of("lora", "full", "scratch");

    private DqnTransferBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args optional seed count or range, then the variants ({@code heavy-pole}, {@code long-pole})
     * @throws Exception when a run fails
     */
    public static void main(String[] args) throws Exception {
        String range = args.length > 0 ? args[0] : "3";
        int firstSeed = range.contains("-") ? Integer.parseInt(range.substring(0, range.indexOf('-'))) : 1;
        int lastSeed = Integer.parseInt(range.substring(range.indexOf('-') + 1));
        List<String> variants = args.length > 1
                ? Arrays.asList(args).subList(1, args.length) : List.of("heavy-pole", "long-pole");
        Path root = Files.createTempDirectory("dqn-transfer");
        // variant -> kind -> steps to the threshold per seed (infinity when not solved)
        Map<String, Map<String, List<Double>>> steps = new LinkedHashMap<>();
        Map<String, Long> trainable = new LinkedHashMap<>();
        System.out.println("| seed | run | trainable parameters | steps to 475 | run wall s | run CPU s | final eval return |");
        System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        for (int seed = firstSeed; seed <= lastSeed; seed++) {
            Path baseDir = root.resolve("base-" + seed);
            print(seed, "base (CartPole-v1)", DqnRuns.run(Path.of("configs/cartpole-dqn.yaml"), baseDir, seed, null));
            for (String variant : variants) {
                for (String kind : KINDS) {
                    String name = variant + "-" + kind;
                    DqnSummary s = DqnRuns.run(Path.of("configs/cartpole-" + name + ".yaml"),
                            root.resolve(name + "-" + seed), seed, "scratch".equals(kind) ? null : baseDir);
                    print(seed, name, s);
                    trainable.put(kind, s.trainableParameters());
                    steps.computeIfAbsent(variant, k -> new LinkedHashMap<>())
                            .computeIfAbsent(kind, k -> new ArrayList<>())
                            .add(s.stepsToThreshold() < 0 ? Double.POSITIVE_INFINITY : (double) s.stepsToThreshold());
                }
            }
        }
        System.out.println();
        System.out.println("| variant | run | trainable parameters | solved seeds | median steps to 475 | vs scratch |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: |");
        steps.forEach((variant, byKind) -> {
            double scratch = DqnRuns.median(byKind.get("scratch"));
            for (String kind : KINDS) {
                List<Double> runs = byKind.get(kind);
                double median = DqnRuns.median(runs);
                long solved = runs.stream().filter(Double::isFinite).count();
                System.out.printf(Locale.ROOT, "| %s | %s | %,d | %d/%d | %s | %s |%n", variant, kind, trainable.get(kind),
                        solved, runs.size(),
                        Double.isInfinite(median) ? "not solved" : String.format(Locale.ROOT, "%,.0f", median),
                        Double.isInfinite(median) || Double.isInfinite(scratch)
                                ? "-" : String.format(Locale.ROOT, "%.2fx", median / scratch));
            }
        });
    }

    private static void print(int seed, String run, DqnSummary s) {
        System.out.printf(Locale.ROOT, "| %d | %s | %,d | %s | %.1f | %.1f | %.1f |%n", seed, run, s.trainableParameters(),
                s.stepsToThreshold() < 0 ? "not solved (" + s.steps() + ")" : String.format(Locale.ROOT, "%,d", s.stepsToThreshold()),
                s.seconds(), s.cpuSeconds(), s.finalEvalReturn());
    }
}
