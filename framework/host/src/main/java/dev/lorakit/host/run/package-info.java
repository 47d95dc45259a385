/**
 * Config-selected runs: the run directory ({@code config.resolved.yaml}, {@code metrics.jsonl},
 * {@code summary.json}, {@code report.html}), the experiment runner and sweeps.
 */
package dev.lorakit.host.run;
