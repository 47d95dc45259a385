package dev.lorakit.bench;

import ai.djl.pytorch.jni.JniUtils;
import dev.lorakit.plugins.dqn.DqnSummary;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DQN environment steps per second with 1 and with 2 intra-op threads, measured in the same
 * invocation: each repetition trains {@code configs/cartpole-dqn.yaml} for a fixed number of steps
 * (no stop on solve, no GIF) once per thread count, in alternating order, each run in a JVM of its
 * own started with {@code -Dai.djl.pytorch.num_threads=N} (the engine reads it once, at start).
 * Prints one row per run, the medians and the ratio.
 *
 * <p>{@code framework/bench/run DqnThreadsBenchmark [repetitions] [steps]} (defaults 5, 10000).
 */
public final class DqnThreadsBenchmark {

    private static final String CONFIG = "configs/cartpole-dqn.yaml";

    private DqnThreadsBenchmark() {}

    /**
     * Runs the benchmark, or with {@code --worker RUN_DIR STEPS} one run of it.
     *
     * @param args optional repetitions and steps
     * @throws Exception when a run fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--worker")) {
            worker(Path.of(args[1]), Long.parseLong(args[2]));
            return;
        }
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long steps = args.length > 1 ? Long.parseLong(args[1]) : 10_000;
        Path root = Files.createTempDirectory("dqn-threads");
        System.out.println("| repetition | threads (engine) | env steps | wall s | env steps/s |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: |");
        List<Double> one = new ArrayList<>();
        List<Double> two = new ArrayList<>();
        for (int rep = 1; rep <= repetitions; rep++) {
            int[] order = rep % 2 == 1 ? new int[] {1, 2} : new int[] {2, 1};
            for (int threads : order) {
                Path runDir = root.resolve("rep-" + rep + "-threads-" + threads);
                String[] result = child(threads, runDir, steps);
                double perSecond = Double.parseDouble(result[1]) / Double.parseDouble(result[2]);
                (threads == 1 ? one : two).add(perSecond);
                System.out.printf(Locale.ROOT, "| %d | %d (%s) | %s | %s | %.0f |%n",
                        rep, threads, result[0], result[1], result[2], perSecond);
            }
        }
        double m1 = DqnRuns.median(one);
        double m2 = DqnRuns.median(two);
        System.out.printf(Locale.ROOT, "%nmedian env steps/s: 1 thread %.0f, 2 threads %.0f; 1 thread / 2 threads = %.2f%n",
                m1, m2, m1 / m2);
    }

    /** Runs one worker JVM; returns the engine's thread count, the steps and the wall seconds. */
    private static String[] child(int threads, Path runDir, long steps) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-Dai.djl.pytorch.num_threads=")) {
                command.add(arg);
            }
        }
        command.add("-Dai.djl.pytorch.num_threads=" + threads);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DqnThreadsBenchmark.class.getName(),
                "--worker", runDir.toString(), Long.toString(steps)));
        Path log = Files.createTempFile("dqn-threads", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int code = p.waitFor();
        List<String> lines = Files.readAllLines(log);
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        if (code != 0 || !last.startsWith("result ")) {
            throw new IllegalStateException("worker with " + threads + " threads failed (exit " + code + "): "
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
        }
        return last.substring("result ".length()).split(" ");
    }

    private static void worker(Path runDir, long steps) throws Exception {
        DqnSummary s = DqnRuns.run(Path.of(CONFIG), runDir, 1, null, List.of(
                "dqn.total_timesteps=" + steps, "dqn.stop_on_solve=false", "dqn.record_gif=false"));
        System.out.printf(Locale.ROOT, "result %d %d %.3f%n", JniUtils.getNumThreads(), s.steps(), s.seconds());
    }
}
