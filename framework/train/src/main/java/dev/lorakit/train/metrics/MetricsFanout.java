package dev.lorakit.train.metrics;

import dev.lorakit.api.Stateful;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Passes every event to several listeners, in order; closing closes them all. It counts the
 * records logged, and that count is a checkpoint state part, so that on resume every sink knows
 * how many records to keep ({@link MetricsListener#onResume(long, long)}).
 */
public final class MetricsFanout implements MetricsListener, Stateful {

    private final List<MetricsListener> listeners;
    private long records;

    /**
     * Creates a fan-out.
     *
     * @param listeners the listeners, in delivery order
     */
    public MetricsFanout(List<MetricsListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void onMetrics(long step, Map<String, Double> metrics) {
        Map<String, Double> copy = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        records++;
        for (MetricsListener l : listeners) {
            l.onMetrics(step, copy);
        }
    }

    @Override
    public void onProgress(long step, long total, String message) {
        for (MetricsListener l : listeners) {
            l.onProgress(step, total, message);
        }
    }

    @Override
    public void onResume(long step, long keep) throws IOException {
        records = keep;
        for (MetricsListener l : listeners) {
            l.onResume(step, keep);
        }
    }

    /**
     * Records logged so far (restored from a checkpoint on resume).
     *
     * @return the count of {@link #onMetrics} calls
     */
    public long records() {
        return records;
    }

    @Override
    public void save(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeLong(records);
        data.flush();
    }

    @Override
    public void load(InputStream in) throws IOException {
        records = new DataInputStream(in).readLong();
    }

    @Override
    public void close() throws IOException {
        List<Exception> failures = new ArrayList<>();
        for (MetricsListener l : listeners) {
            try {
                l.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IOException e = new IOException("Closing metric listeners failed: " + failures.get(0).getMessage());
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }
}
