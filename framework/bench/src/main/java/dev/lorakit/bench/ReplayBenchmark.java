package dev.lorakit.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lorakit.train.replay.PrioritizedReplayBuffer;
import dev.lorakit.train.replay.ReplayBatch;
import dev.lorakit.train.replay.ReplayBuffer;
import dev.lorakit.train.replay.UniformReplayBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Replay buffer throughput: inserts per second, sampled transitions per second (batch 128 into
 * NDArrays, as DQN samples), bytes per transition, for CartPole-shaped transitions (4 floats).
 * The baseline is an object-per-transition ring (a record per step, arrays copied at sampling)
 * measured in the same run.
 *
 * <p>{@code framework/bench/run ReplayBenchmark [capacity] [runs]} (defaults 1,000,000 and 5).
 */
public final class ReplayBenchmark {

    private static final int OBS = 4;
    private static final int BATCH = 128;
    private static final int SAMPLE_BATCHES = 20_000;

    private ReplayBenchmark() {}

    /** A transition as one object: what the primitive-array buffer avoids. */
    private record Transition(float[] obs, int action, float reward, float[] next, boolean terminated) {}

    /**
     * Runs the benchmark.
     *
     * @param args optional capacity and run count
     */
    public static void main(String[] args) {
        int capacity = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        float[][] observations = new float[capacity + 1][OBS];
        Random data = new Random(0);
        for (float[] o : observations) {
            for (int i = 0; i < OBS; i++) {
                o[i] = (float) data.nextGaussian();
            }
        }
        System.out.printf(Locale.ROOT, "capacity %,d, observation %d floats, batch %d, median of %d runs%n%n",
                capacity, OBS, BATCH, runs);
        System.out.println("| buffer | insert (M transitions/s) | sample (M transitions/s) | bytes/transition | insert vs baseline | sample vs baseline |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] base = measureBaseline(observations, capacity, runs, manager);
            report("object per transition (baseline)", base, base, base[2]);
            double[] uniform = measure(() -> UniformReplayBuffer.builder().setCapacity(capacity)
                    .setObservationShape(new Shape(OBS)).setDiscreteActions().setGamma(0.99).build(),
                    observations, capacity, runs, manager);
            report("UniformReplayBuffer", uniform, base, uniform[2]);
            double[] nstep = measure(() -> UniformReplayBuffer.builder().setCapacity(capacity)
                    .setObservationShape(new Shape(OBS)).setDiscreteActions().setGamma(0.99).optNStep(3).build(),
                    observations, capacity, runs, manager);
            report("UniformReplayBuffer, n_step 3", nstep, base, nstep[2]);
            double[] prioritized = measure(() -> PrioritizedReplayBuffer.builder().setCapacity(capacity)
                    .setObservationShape(new Shape(OBS)).setDiscreteActions().setGamma(0.99).build(),
                    observations, capacity, runs, manager);
            report("PrioritizedReplayBuffer", prioritized, base, prioritized[2]);
        }
    }

    private static void report(String name, double[] r, double[] base, double bytes) {
        System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.0f | %.2fx | %.2fx |%n",
                name, r[0] / 1e6, r[1] / 1e6, bytes, r[0] / base[0], r[1] / base[1]);
    }

    /** Returns {median inserts/s, median sampled transitions/s, bytes per transition}. */
    private static double[] measure(java.util.function.Supplier<ReplayBuffer> factory, float[][] observations,
            int capacity, int runs, NDManager manager) {
        double[] inserts = new double[runs];
        double[] samples = new double[runs];
        int bytes = 0;
        for (int run = 0; run < runs; run++) {
            ReplayBuffer buffer = factory.get();
            bytes = buffer.bytesPerTransition();
            long t0 = System.nanoTime();
            for (int i = 0; i < capacity; i++) {
                buffer.add(observations[i], i & 1, 1f, observations[i + 1], (i % 500) == 499, false);
            }
            inserts[run] = capacity / ((System.nanoTime() - t0) / 1e9);
            Random random = new Random(run);
            long sink = 0;
            long t1 = System.nanoTime();
            for (int b = 0; b < SAMPLE_BATCHES; b++) {
                try (NDManager step = manager.newSubManager()) {
                    ReplayBatch batch = buffer.sample(step, BATCH, random);
                    sink += batch.indices()[0];
                    if (buffer instanceof PrioritizedReplayBuffer p) {
                        p.updatePriorities(batch.indices(), errors(batch.indices()));
                    }
                }
            }
            samples[run] = (double) SAMPLE_BATCHES * BATCH / ((System.nanoTime() - t1) / 1e9);
            if (sink == Long.MIN_VALUE) {
                System.out.println(sink);
            }
        }
        return new double[] {median(inserts), median(samples), bytes};
    }

    private static float[] errors(int[] indices) {
        float[] e = new float[indices.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = (indices[i] % 97) / 97f;
        }
        return e;
    }

    private static double[] measureBaseline(float[][] observations, int capacity, int runs, NDManager manager) {
        double[] inserts = new double[runs];
        double[] samples = new double[runs];
        for (int run = 0; run < runs; run++) {
            List<Transition> ring = new ArrayList<>(capacity);
            long t0 = System.nanoTime();
            for (int i = 0; i < capacity; i++) {
                // A real object-per-step buffer must copy: the caller reuses or discards its arrays.
                ring.add(new Transition(observations[i].clone(), i & 1, 1f, observations[i + 1].clone(),
                        (i % 500) == 499));
            }
            inserts[run] = capacity / ((System.nanoTime() - t0) / 1e9);
            Random random = new Random(run);
            long t1 = System.nanoTime();
            for (int b = 0; b < SAMPLE_BATCHES; b++) {
                try (NDManager step = manager.newSubManager()) {
                    float[] obs = new float[BATCH * OBS];
                    float[] next = new float[BATCH * OBS];
                    long[] actions = new long[BATCH];
                    float[] rewards = new float[BATCH];
                    float[] dones = new float[BATCH];
                    for (int i = 0; i < BATCH; i++) {
                        Transition t = ring.get(random.nextInt(ring.size()));
                        System.arraycopy(t.obs(), 0, obs, i * OBS, OBS);
                        System.arraycopy(t.next(), 0, next, i * OBS, OBS);
                        actions[i] = t.action();
                        rewards[i] = t.reward();
                        dones[i] = t.terminated() ? 1 : 0;
                    }
                    NDArray[] arrays = {
                        step.create(obs, new Shape(BATCH, OBS)), step.create(next, new Shape(BATCH, OBS)),
                        step.create(actions), step.create(rewards), step.create(dones)
                    };
                    if (arrays.length == 0) {
                        System.out.println();
                    }
                }
            }
            samples[run] = (double) SAMPLE_BATCHES * BATCH / ((System.nanoTime() - t1) / 1e9);
        }
        // Object header + fields of the record, two float[4] arrays (16-byte header + 16 bytes
        // each) and the list's reference, with compressed oops: 24 + 2 * 32 + 4.
        return new double[] {median(inserts), median(samples), 24 + 2 * 32 + 4};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
