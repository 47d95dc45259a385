/**
 * Metric sinks of a run: {@link dev.lorakit.train.metrics.MetricsListener}, the {@code
 * metrics.jsonl} writer and the console progress bar; {@link
 * dev.lorakit.train.metrics.WallClockMetrics} names the metrics that measure time.
 */
package dev.lorakit.train.metrics;
