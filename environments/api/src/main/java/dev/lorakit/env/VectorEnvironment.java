package dev.lorakit.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs {@code n} copies of an environment in lock step with auto-reset, as Gymnasium's {@code
 * SyncVectorEnv} in {@code SAME_STEP} auto-reset mode: a sub-environment whose episode ends is
 * reset within the same {@code step} call, and the result carries the finished episode's final
 * observation (see {@link VectorStepResult}).
 *
 * <pre>{@code
 * try (VectorEnvironment envs = VectorEnvironment.of(8, () -> Environments.make("CartPole-v1"))) {
 *     float[][] obs = envs.reset(0);          // sub-environment i is seeded with 0 + i
 *     VectorStepResult r = envs.step(new int[] {0, 1, 0, 1, 0, 1, 0, 1});
 * }
 * }</pre>
 */
public final class VectorEnvironment implements AutoCloseable {
    private final List<Environment> envs;

    private VectorEnvironment(List<Environment> envs) {
        if (envs.isEmpty()) {
            throw new IllegalArgumentException("A vector environment needs at least one sub-environment");
        }
        for (Environment e : envs) {
            if (!e.actionSpace().equals(envs.get(0).actionSpace()) || !e.observationSpace().equals(envs.get(0).observationSpace())) {
                throw new IllegalArgumentException("Sub-environments must share spaces: " + envs.get(0).id() + " has "
                        + envs.get(0).observationSpace() + "/" + envs.get(0).actionSpace() + " but " + e.id() + " has "
                        + e.observationSpace() + "/" + e.actionSpace());
            }
        }
        this.envs = List.copyOf(envs);
    }

    /**
     * Creates {@code n} copies from a factory.
     *
     * @param n number of copies, at least 1
     * @param factory makes one environment per call
     * @return the vector environment
     */
    public static VectorEnvironment of(int n, Supplier<? extends Environment> factory) {
        if (n < 1) {
            throw new IllegalArgumentException("num_envs must be >= 1, got " + n);
        }
        List<Environment> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(factory.get());
        }
        return new VectorEnvironment(list);
    }

    /**
     * Wraps existing environments.
     *
     * @param envs the sub-environments, sharing spaces
     * @return the vector environment
     */
    public static VectorEnvironment of(List<? extends Environment> envs) {
        return new VectorEnvironment(new ArrayList<>(envs));
    }

    /**
     * Number of sub-environments.
     *
     * @return n
     */
    public int size() {
        return envs.size();
    }

    /**
     * Sub-environment {@code i}.
     *
     * @param i the index
     * @return the environment
     */
    public Environment get(int i) {
        return envs.get(i);
    }

    /**
     * Space of one sub-environment's observation.
     *
     * @return the space
     */
    public Space singleObservationSpace() {
        return envs.get(0).observationSpace();
    }

    /**
     * Space of one sub-environment's action.
     *
     * @return the space
     */
    public Space singleActionSpace() {
        return envs.get(0).actionSpace();
    }

    /**
     * Resets every sub-environment, seeding sub-environment {@code i} with {@code seed + i} as
     * Gymnasium does.
     *
     * @param seed the base seed
     * @return first observations
     */
    public float[][] reset(long seed) {
        float[][] obs = new float[envs.size()][];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = envs.get(i).reset(seed + i).observation();
        }
        return obs;
    }

    /**
     * Steps every sub-environment with a discrete action.
     *
     * @param actions one action per sub-environment
     * @return the batched transition
     */
    public VectorStepResult step(int[] actions) {
        checkCount(actions.length);
        Stepper s = new Stepper();
        for (int i = 0; i < actions.length; i++) {
            s.record(i, envs.get(i).step(actions[i]));
        }
        return s.result();
    }

    /**
     * Steps every sub-environment with a continuous action.
     *
     * @param actions one action per sub-environment
     * @return the batched transition
     */
    public VectorStepResult step(float[][] actions) {
        checkCount(actions.length);
        Stepper s = new Stepper();
        for (int i = 0; i < actions.length; i++) {
            s.record(i, envs.get(i).step(actions[i]));
        }
        return s.result();
    }

    private void checkCount(int count) {
        if (count != envs.size()) {
            throw new IllegalArgumentException("Got " + count + " actions for " + envs.size() + " sub-environments");
        }
    }

    /** Collects one batched step; the auto-reset lives here once for all action types. */
    private final class Stepper {
        final int n = envs.size();
        final float[][] obs = new float[n][];
        final double[] rewards = new double[n];
        final boolean[] terminated = new boolean[n];
        final boolean[] truncated = new boolean[n];
        final float[][] finalObs = new float[n][];
        final List<Map<String, Object>> infos = new ArrayList<>(java.util.Collections.nCopies(n, Map.<String, Object>of()));

        void record(int i, StepResult r) {
            rewards[i] = r.reward();
            terminated[i] = r.terminated();
            truncated[i] = r.truncated();
            infos.set(i, r.info());
            if (r.done()) {
                finalObs[i] = r.observation();
                obs[i] = envs.get(i).reset().observation();
            } else {
                obs[i] = r.observation();
            }
        }

        VectorStepResult result() {
            return new VectorStepResult(obs, rewards, terminated, truncated, finalObs, List.copyOf(infos));
        }
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (Environment e : envs) {
            try {
                e.close();
            } catch (RuntimeException ex) {
                if (first == null) {
                    first = ex;
                } else {
                    first.addSuppressed(ex);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
