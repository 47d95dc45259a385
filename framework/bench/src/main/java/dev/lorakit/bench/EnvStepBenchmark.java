package dev.lorakit.bench;

import dev.lorakit.env.Environment;
import dev.lorakit.env.Environments;
import dev.lorakit.env.StepResult;
import dev.lorakit.env.VectorEnvironment;
import dev.lorakit.env.classic.CartPole;
import dev.lorakit.env.gym.GymnasiumEnvironment;
import dev.lorakit.env.gym.JepTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * CartPole environment steps per second: the Java CartPole (bare, through the registry with its
 * time limit, and 8 copies in a {@link VectorEnvironment}) against Gymnasium's CartPole stepped
 * in a Python loop (the baseline), through the subprocess bridge, and through Jep when
 * available. Random actions, auto-reset at episode end. Prints Markdown rows.
 *
 * <p>Usage: {@code framework/bench/run EnvStepBenchmark [runs=5] [javaSteps=2000000]
 * [bridgeSteps=20000]}
 */
public final class EnvStepBenchmark {

    private EnvStepBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args runs, Java steps per run, bridge steps per run
     * @throws Exception when Python cannot be run
     */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int javaSteps = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
        int bridgeSteps = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;

        // Every variant is run once to warm up, then the variants take turns run by run, so that
        // load from other processes spreads evenly over them; each row is the median of its runs.
        Environment bare = new CartPole();
        Environment registered = Environments.make("CartPole-v1");
        VectorEnvironment vector = VectorEnvironment.of(8, () -> Environments.make("CartPole-v1"));
        GymnasiumEnvironment bridged = GymnasiumEnvironment.builder().setId("CartPole-v1")
                .optTransport(GymnasiumEnvironment.TransportKind.SUBPROCESS).build();
        GymnasiumEnvironment jep = JepTransport.unavailableReason("python3").isEmpty()
                ? GymnasiumEnvironment.builder().setId("CartPole-v1").optTransport(GymnasiumEnvironment.TransportKind.JEP).build()
                : null;
        List<String> names = new ArrayList<>(List.of("Gymnasium CartPole-v1, Python loop (baseline)", "Java CartPole, bare",
                "Java CartPole-v1 via registry (TimeLimit)", "Java CartPole-v1, VectorEnvironment x8 (total)",
                "Gymnasium CartPole-v1 via subprocess bridge"));
        List<Measure> measures = new ArrayList<>(List.of(() -> pythonLoop(bridgeSteps * 5), () -> stepsPerSecond(bare, javaSteps),
                () -> stepsPerSecond(registered, javaSteps), () -> vectorSteps(vector, javaSteps),
                () -> stepsPerSecond(bridged, bridgeSteps)));
        if (jep != null) {
            names.add("Gymnasium CartPole-v1 via Jep");
            measures.add(() -> stepsPerSecond(jep, bridgeSteps));
        }
        double[][] results = new double[measures.size()][runs];
        for (Measure m : measures) {
            m.run();
        }
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < measures.size(); i++) {
                results[i][r] = measures.get(i).run();
            }
        }
        bridged.close();
        vector.close();
        if (jep != null) {
            jep.close();
        }
        double python = median(results[0]);
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            rows.add(row(names.get(i), median(results[i]), python));
        }
        if (jep == null) {
            rows.add(new String[] {"Gymnasium CartPole-v1 via Jep", "n/a (libjep not installed)", "-"});
        }
        System.out.println("| environment path | steps/s (median of " + runs + ") | vs Python loop |");
        System.out.println("| --- | ---: | ---: |");
        for (String[] r : rows) {
            System.out.println("| " + String.join(" | ", r) + " |");
        }
    }

    private interface Measure {
        double run() throws Exception;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static String[] row(String name, double stepsPerSecond, double baseline) {
        return new String[] {name, String.format("%,.0f", stepsPerSecond), String.format("%.2fx", stepsPerSecond / baseline)};
    }

    private static double stepsPerSecond(Environment env, int steps) {
        SplittableRandom rng = new SplittableRandom(1);
        env.reset(0);
        double checksum = 0;
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            StepResult r = env.step(rng.nextInt(2));
            checksum += r.observation()[0];
            if (r.done()) {
                env.reset();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (Double.isNaN(checksum)) {
            throw new IllegalStateException("NaN observation");
        }
        return steps / seconds;
    }

    private static double vectorSteps(VectorEnvironment envs, int steps) {
        SplittableRandom rng = new SplittableRandom(1);
        envs.reset(0);
        int[] actions = new int[envs.size()];
        int rounds = steps / actions.length;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            for (int k = 0; k < actions.length; k++) {
                actions[k] = rng.nextInt(2);
            }
            envs.step(actions);
        }
        return (double) rounds * actions.length / ((System.nanoTime() - start) / 1e9);
    }

    private static double pythonLoop(int steps) throws IOException, InterruptedException {
        String script = String.join("\n",
                "import time, gymnasium as gym, numpy as np",
                "env = gym.make('CartPole-v1'); env.reset(seed=0); rng = np.random.default_rng(1)",
                "acts = rng.integers(0, 2, " + steps + ")",
                "t = time.perf_counter()",
                "for a in acts:",
                "    o, r, te, tr, _ = env.step(int(a))",
                "    if te or tr: env.reset()",
                "print(" + steps + " / (time.perf_counter() - t))");
        Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("python3 benchmark loop failed: " + out);
        }
        String[] lines = out.split("\n");
        return Double.parseDouble(lines[lines.length - 1]);
    }
}
