package dev.lorakit.train.metrics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Passes every event to several listeners, in order; closing closes them all. */
public final class MetricsFanout implements MetricsListener {

    private final List<MetricsListener> listeners;

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
    public void onResume(long step) throws IOException {
        for (MetricsListener l : listeners) {
            l.onResume(step);
        }
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
