package dev.lorakit.env;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records each episode's return, length and wall time, as Gymnasium's {@code
 * RecordEpisodeStatistics}: the final step's info gets {@code "episode" -> {"r": return, "l":
 * length, "t": seconds}}, and the last {@code bufferLength} episodes are kept.
 */
public final class RecordEpisodeStatistics extends Wrapper {
    /** Info key of the episode statistics. */
    public static final String EPISODE = "episode";

    private final int bufferLength;
    private final ArrayDeque<Double> returns = new ArrayDeque<>();
    private final ArrayDeque<Integer> lengths = new ArrayDeque<>();
    private double episodeReturn;
    private int episodeLength;
    private long startNanos;

    /**
     * Wraps an environment keeping the last 100 episodes.
     *
     * @param env the environment
     */
    public RecordEpisodeStatistics(Environment env) {
        this(env, 100);
    }

    /**
     * Wraps an environment.
     *
     * @param env the environment
     * @param bufferLength how many finished episodes to keep, at least 1
     */
    public RecordEpisodeStatistics(Environment env, int bufferLength) {
        super(env);
        if (bufferLength < 1) {
            throw new IllegalArgumentException("buffer_length must be >= 1, got " + bufferLength);
        }
        this.bufferLength = bufferLength;
    }

    /**
     * Returns of the last finished episodes, oldest first.
     *
     * @return the returns
     */
    public List<Double> returns() {
        return List.copyOf(returns);
    }

    /**
     * Lengths of the last finished episodes, oldest first.
     *
     * @return the lengths
     */
    public List<Integer> lengths() {
        return List.copyOf(lengths);
    }

    @Override
    protected ResetResult onReset(ResetResult result) {
        episodeReturn = 0;
        episodeLength = 0;
        startNanos = System.nanoTime();
        return result;
    }

    @Override
    protected StepResult onStep(StepResult result) {
        episodeReturn += result.reward();
        episodeLength++;
        if (!result.done()) {
            return result;
        }
        push(returns, episodeReturn);
        push(lengths, episodeLength);
        Map<String, Object> info = new HashMap<>(result.info());
        info.put(EPISODE, Map.of("r", episodeReturn, "l", episodeLength, "t", (System.nanoTime() - startNanos) / 1e9));
        return result.with(result.truncated(), Map.copyOf(info));
    }

    private <T> void push(ArrayDeque<T> queue, T value) {
        if (queue.size() == bufferLength) {
            queue.removeFirst();
        }
        queue.addLast(value);
    }
}
