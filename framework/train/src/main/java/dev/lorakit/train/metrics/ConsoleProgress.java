package dev.lorakit.train.metrics;

import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A console progress bar ({@code me.tongfei:progressbar}) showing the step out of the budget,
 * elapsed time and ETA, the throughput in steps per second and the latest loss or status:
 *
 * <pre>
 * spirals  45% [=====&gt;      ] 135/300 steps (0:00:03 / 0:00:04) 41.2 steps/s loss 0.3127
 * </pre>
 *
 * <p>Quiet when there is no console ({@code System.console() == null}: CI, redirected output,
 * tests), so logs stay clean.
 */
public final class ConsoleProgress implements MetricsListener {

    /** Width of lines handed to a line consumer (a terminal uses its own width). */
    static final int LINE_WIDTH = 160;

    private final String task;
    private final boolean enabled;
    private final Consumer<String> lines;
    private ProgressBar bar;
    private String loss = "";
    private String status = "";

    /**
     * Creates a bar that shows only when a console is attached.
     *
     * @param task the label, e.g. the run name
     */
    public ConsoleProgress(String task) {
        this(task, System.console() != null);
    }

    /**
     * Creates a bar on standard error.
     *
     * @param task the label
     * @param enabled whether to draw at all
     */
    public ConsoleProgress(String task, boolean enabled) {
        this.task = task;
        this.enabled = enabled;
        this.lines = null;
    }

    /**
     * Creates a bar that always draws, handing each rendered line to {@code lines} instead of
     * the console (to embed the bar in another display).
     *
     * @param task the label
     * @param lines receives every rendered line
     */
    public ConsoleProgress(String task, Consumer<String> lines) {
        this.task = task;
        this.enabled = true;
        this.lines = lines;
    }

    @Override
    public synchronized void onMetrics(long step, Map<String, Double> metrics) {
        Double value = metrics.get("train/loss");
        if (value != null) {
            loss = String.format(Locale.ROOT, "loss %.4f", value);
            showExtra();
        }
    }

    @Override
    public synchronized void onProgress(long step, long total, String message) {
        if (!enabled) {
            return;
        }
        if (bar == null) {
            ProgressBarBuilder builder = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" steps", 1)
                    .showSpeed()
                    .setSpeedUnit(ChronoUnit.SECONDS);
            if (lines != null) {
                builder.setConsumer(new DelegatingProgressBarConsumer(lines, LINE_WIDTH));
            }
            bar = builder.build();
        }
        bar.maxHint(total);
        bar.stepTo(step);
        if (message != null && !message.isEmpty()) {
            status = message;
        }
        showExtra();
    }

    private void showExtra() {
        if (bar != null) {
            // The library appends the message right after the speed, without a separator.
            String extra = loss.isEmpty() || status.isEmpty() ? loss + status : loss + " | " + status;
            bar.setExtraMessage(extra.isEmpty() ? "" : " " + extra);
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
