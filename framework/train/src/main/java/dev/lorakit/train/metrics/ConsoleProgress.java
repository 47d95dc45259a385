package dev.lorakit.train.metrics;

import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A console progress bar ({@code me.tongfei:progressbar}) showing the step, the budget and the
 * latest loss or status. Quiet when there is no console ({@code System.console() == null}: CI,
 * redirected output, tests), so logs stay clean.
 */
public final class ConsoleProgress implements MetricsListener {

    private final String task;
    private final boolean enabled;
    private ProgressBar bar;

    /**
     * Creates a bar that shows only when a console is attached.
     *
     * @param task the label, e.g. the run name
     */
    public ConsoleProgress(String task) {
        this(task, System.console() != null);
    }

    /**
     * Creates a bar.
     *
     * @param task the label
     * @param enabled whether to draw at all
     */
    public ConsoleProgress(String task, boolean enabled) {
        this.task = task;
        this.enabled = enabled;
    }

    @Override
    public synchronized void onMetrics(long step, Map<String, Double> metrics) {
        Double loss = metrics.get("train/loss");
        if (bar != null && loss != null) {
            bar.setExtraMessage(String.format("loss %.4f", loss));
        }
    }

    @Override
    public synchronized void onProgress(long step, long total, String message) {
        if (!enabled) {
            return;
        }
        if (bar == null) {
            bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII)
                    .build();
        }
        bar.maxHint(total);
        bar.stepTo(step);
        if (message != null && !message.isEmpty()) {
            bar.setExtraMessage(message);
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
