package dev.lorakit.train.replay;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Turns one-step transitions into n-step ones before they are stored. It holds the last
 * {@code n} steps of the current episode; once it has {@code n}, the oldest leaves as {@code
 * (s_t, a_t, sum_k gamma^k r_{t+k}, s_{t+n}, k = n)}. When the episode ends every pending step
 * leaves at once, each with the rewards up to the end and the final observation:
 *
 * <ul>
 *   <li><b>terminated</b> (a real end state): the flag is kept, so the target does not
 *       bootstrap;
 *   <li><b>truncated</b> (time limit): not terminated, so the target bootstraps from the final
 *       observation with {@code gamma^k}, k being the steps left to the cut.
 * </ul>
 *
 * Transitions never span two episodes. One accumulator serves one environment.
 */
final class NStepAccumulator {

    /** Where finished n-step transitions go. */
    interface Sink {
        void accept(
                float[] observation,
                int discreteAction,
                float[] continuousAction,
                float reward,
                float[] nextObservation,
                boolean terminated,
                boolean truncated,
                int steps);
    }

    private final int n;
    private final double gamma;
    private final int observationSize;
    private final int actionSize;
    private final float[][] observations;
    private final int[] discreteActions;
    private final float[][] continuousActions;
    private final float[] rewards;
    private final float[] lastNextObservation;
    private int start;
    private int count;

    NStepAccumulator(int n, double gamma, int observationSize, int actionSize) {
        this.n = n;
        this.gamma = gamma;
        this.observationSize = observationSize;
        this.actionSize = actionSize;
        observations = new float[n][observationSize];
        discreteActions = new int[n];
        continuousActions = new float[n][actionSize];
        rewards = new float[n];
        lastNextObservation = new float[observationSize];
    }

    void add(
            float[] observation,
            int discreteAction,
            float[] continuousAction,
            float reward,
            float[] nextObservation,
            boolean terminated,
            boolean truncated,
            Sink sink) {
        int slot = (start + count) % n;
        System.arraycopy(observation, 0, observations[slot], 0, observationSize);
        discreteActions[slot] = discreteAction;
        if (continuousAction != null) {
            System.arraycopy(continuousAction, 0, continuousActions[slot], 0, actionSize);
        }
        rewards[slot] = reward;
        System.arraycopy(nextObservation, 0, lastNextObservation, 0, observationSize);
        count++;
        if (terminated || truncated) {
            while (count > 0) {
                emitOldest(terminated, truncated, sink);
            }
        } else if (count == n) {
            emitOldest(false, false, sink);
        }
    }

    private void emitOldest(boolean terminated, boolean truncated, Sink sink) {
        double sum = 0;
        double discount = 1;
        for (int k = 0; k < count; k++) {
            sum += discount * rewards[(start + k) % n];
            discount *= gamma;
        }
        sink.accept(
                observations[start],
                discreteActions[start],
                continuousActions[start],
                (float) sum,
                lastNextObservation,
                terminated,
                truncated,
                count);
        start = (start + 1) % n;
        count--;
    }

    void save(DataOutputStream out) throws IOException {
        out.writeInt(n);
        out.writeInt(count);
        for (int k = 0; k < count; k++) {
            int slot = (start + k) % n;
            ArrayIO.writeFloats(out, observations[slot], observationSize);
            out.writeInt(discreteActions[slot]);
            ArrayIO.writeFloats(out, continuousActions[slot], actionSize);
            out.writeFloat(rewards[slot]);
        }
        ArrayIO.writeFloats(out, lastNextObservation, observationSize);
    }

    void load(DataInputStream in) throws IOException {
        ArrayIO.expect("n-step length", in.readInt(), n);
        int savedCount = in.readInt();
        if (savedCount < 0 || savedCount >= n) {
            throw new StateFormatException(
                    "replay state holds " + savedCount + " pending n-step transitions; at most "
                            + (n - 1) + " allowed");
        }
        start = 0;
        count = savedCount;
        for (int k = 0; k < savedCount; k++) {
            ArrayIO.readFloats(in, observations[k], observationSize);
            discreteActions[k] = in.readInt();
            ArrayIO.readFloats(in, continuousActions[k], actionSize);
            rewards[k] = in.readFloat();
        }
        ArrayIO.readFloats(in, lastNextObservation, observationSize);
    }
}
