package dev.lorakit.bench;

import dev.lorakit.plugins.dqn.DqnSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DQN on CartPole-v1 from {@code configs/cartpole-dqn.yaml}: per seed, the env steps and wall
 * time until the mean greedy return over 20 episodes first reaches 475. The target is every seed
 * within 100k steps and 60 s on 2 cores; the reference is CleanRL's dqn.py (PyTorch) reaching a
 * 20-episode training mean of 475 at ~220k-270k steps (~30 s) on a machine like this one.
 *
 * <p>{@code BENCH_JAVA_OPTS=-Dai.djl.pytorch.num_threads=1 framework/bench/run DqnBenchmark
 * [seeds] [config]} (defaults 3 seeds, {@code configs/cartpole-dqn.yaml}).
 */
public final class DqnBenchmark {

    private DqnBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args optional seed count and config path
     * @throws Exception when a run fails
     */
    public static void main(String[] args) throws Exception {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path config = Path.of(args.length > 1 ? args[1] : "configs/cartpole-dqn.yaml");
        Path root = Files.createTempDirectory("dqn-bench");
        System.out.println("| seed | steps to 475 | wall s to 475 | CPU s to 475 | run steps | run wall s | run CPU s | final eval return |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        List<Double> steps = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        for (int seed = 1; seed <= seeds; seed++) {
            DqnSummary s = DqnRuns.run(config, root.resolve("seed-" + seed), seed, null);
            boolean solved = s.stepsToThreshold() >= 0;
            System.out.printf(Locale.ROOT, "| %d | %s | %s | %s | %d | %.1f | %.1f | %.1f |%n", seed,
                    solved ? String.format(Locale.ROOT, "%,d", s.stepsToThreshold()) : "not solved",
                    solved ? String.format(Locale.ROOT, "%.1f", s.secondsToThreshold()) : "-",
                    solved ? String.format(Locale.ROOT, "%.1f", s.cpuSecondsToThreshold()) : "-",
                    s.steps(), s.seconds(), s.cpuSeconds(), s.finalEvalReturn());
            if (s.stepsToThreshold() >= 0) {
                steps.add((double) s.stepsToThreshold());
                seconds.add(s.cpuSecondsToThreshold());
            }
        }
        System.out.printf(Locale.ROOT, "%nsolved %d of %d seeds; median steps to 475: %,.0f; median training-thread CPU seconds to 475: %.1f%n",
                steps.size(), seeds, DqnRuns.median(steps), DqnRuns.median(seconds));
    }
}
