package dev.lorakit.bench;

import dev.lorakit.plugins.dqn.DqnSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * LoRA transfer vs full fine-tuning vs training from scratch on the long-pole CartPole
 * ({@code length: 1.0, masspole: 0.3}). Per seed: train {@code configs/cartpole-dqn.yaml}
 * on CartPole-v1, then run the three {@code configs/cartpole-long-pole-*.yaml} from its
 * weights (scratch from none) and report env steps to a greedy 20-episode mean of 475 and the
 * trainable parameter counts.
 *
 * <p>{@code BENCH_JAVA_OPTS=-Dai.djl.pytorch.num_threads=1 framework/bench/run
 * DqnTransferBenchmark [seeds]} (default 3).
 */
public final class DqnTransferBenchmark {

    private static final List<String> VARIANTS = List.of("lora", "full", "scratch");

    private DqnTransferBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args optional seed count
     * @throws Exception when a run fails
     */
    public static void main(String[] args) throws Exception {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path root = Files.createTempDirectory("dqn-transfer");
        Map<String, List<Double>> steps = new LinkedHashMap<>();
        Map<String, Long> trainable = new LinkedHashMap<>();
        Map<String, Integer> solved = new LinkedHashMap<>();
        System.out.println("| seed | variant | trainable parameters | steps to 475 | run wall s | run CPU s | final eval return |");
        System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        for (int seed = 1; seed <= seeds; seed++) {
            Path baseDir = root.resolve("base-" + seed);
            DqnSummary base = DqnRuns.run(DqnRuns.read(Path.of("configs/cartpole-dqn.yaml"), null), baseDir, seed);
            print(seed, "base (CartPole-v1)", base);
            String weights = baseDir.resolve("q_network.safetensors").toAbsolutePath().toString();
            for (String variant : VARIANTS) {
                Path config = Path.of("configs/cartpole-long-pole-" + variant + ".yaml");
                DqnRuns.Experiment e = DqnRuns.read(config, "scratch".equals(variant) ? null : weights);
                DqnSummary s = DqnRuns.run(e, root.resolve(variant + "-" + seed), seed);
                print(seed, variant, s);
                trainable.put(variant, s.trainableParameters());
                steps.computeIfAbsent(variant, k -> new ArrayList<>())
                        .add(s.stepsToThreshold() < 0 ? Double.POSITIVE_INFINITY : (double) s.stepsToThreshold());
                solved.merge(variant, s.stepsToThreshold() < 0 ? 0 : 1, Integer::sum);
            }
        }
        System.out.println();
        System.out.println("| variant | trainable parameters | solved seeds | median steps to 475 | vs scratch |");
        System.out.println("| --- | ---: | ---: | ---: | ---: |");
        double scratch = DqnRuns.median(steps.get("scratch"));
        for (String variant : VARIANTS) {
            double median = DqnRuns.median(steps.get(variant));
            System.out.printf(Locale.ROOT, "| %s | %,d | %d/%d | %s | %s |%n", variant, trainable.get(variant),
                    solved.get(variant), seeds, Double.isInfinite(median) ? "not solved" : String.format(Locale.ROOT, "%,.0f", median),
                    Double.isInfinite(median) || Double.isInfinite(scratch) ? "-" : String.format(Locale.ROOT, "%.2fx", median / scratch));
        }
    }

    private static void print(int seed, String variant, DqnSummary s) {
        System.out.printf(Locale.ROOT, "| %d | %s | %,d | %s | %.1f | %.1f | %.1f |%n", seed, variant, s.trainableParameters(),
                s.stepsToThreshold() < 0 ? "not solved (" + s.steps() + ")" : String.format(Locale.ROOT, "%,d", s.stepsToThreshold()),
                s.seconds(), s.cpuSeconds(), s.finalEvalReturn());
    }
}
