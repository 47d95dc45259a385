package dev.lorakit.train;

import dev.lorakit.api.Stateful;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * Tracks one metric across evaluations and says when it has not improved by more than {@code
 * min_delta} for {@code patience} evaluations in a row. Its state goes into checkpoints so a
 * resumed run stops where the uninterrupted one would.
 */
public final class EarlyStopping implements Stateful {

    private final EarlyStoppingConfig config;
    private double best = Double.NaN;
    private int evaluationsWithoutImprovement;
    private boolean stopped;

    /**
     * Creates a tracker.
     *
     * @param config the {@code trainer.early_stopping} section
     */
    public EarlyStopping(EarlyStoppingConfig config) {
        this.config = config;
    }

    /**
     * Feeds one evaluation. Metrics without the tracked one are ignored.
     *
     * @param metrics the evaluation's metrics
     * @return true when training should stop now
     */
    public boolean update(Map<String, Double> metrics) {
        Double value = metrics.get(config.metric());
        if (value == null || value.isNaN()) {
            return stopped;
        }
        boolean improved;
        if (Double.isNaN(best)) {
            improved = true;
        } else if (config.higherIsBetter()) {
            improved = value > best + config.minDelta();
        } else {
            improved = value < best - config.minDelta();
        }
        if (improved) {
            best = value;
            evaluationsWithoutImprovement = 0;
        } else {
            evaluationsWithoutImprovement++;
            stopped = evaluationsWithoutImprovement >= config.patience();
        }
        return stopped;
    }

    /**
     * Whether patience ran out.
     *
     * @return true after {@code patience} evaluations without improvement
     */
    public boolean stopped() {
        return stopped;
    }

    /**
     * The best value seen.
     *
     * @return the best value, NaN before the first evaluation
     */
    public double best() {
        return best;
    }

    @Override
    public void save(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeDouble(best);
        data.writeInt(evaluationsWithoutImprovement);
        data.writeBoolean(stopped);
        data.flush();
    }

    @Override
    public void load(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        best = data.readDouble();
        evaluationsWithoutImprovement = data.readInt();
        stopped = data.readBoolean();
    }
}
