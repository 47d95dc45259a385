/**
 * Metric sinks of a run: {@link dev.lorakit.train.metrics.MetricsListener}, the {@code
 * metrics.jsonl} writer and the console progress bar.
 */
package dev.lorakit.train.metrics;
