package dev.lorakit.host.run;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Names of the files of a run directory, and how run directories are named. */
public final class RunFiles {

    /** Every value of the config, defaults included. */
    public static final String RESOLVED_CONFIG = "config.resolved.yaml";
    /** One JSON object per logged step. */
    public static final String METRICS = "metrics.jsonl";
    /** Final and best metrics, parameters, provenance. */
    public static final String SUMMARY = "summary.json";
    /** The self-contained HTML report. */
    public static final String REPORT = "report.html";
    /** Where plugins put extra report sections. */
    public static final String REPORT_DIR = "report";
    /** Checkpoints of the shared checkpoint store. */
    public static final String CHECKPOINTS = "checkpoints";
    /** The trained adapter in PEFT format. */
    public static final String ADAPTER = dev.lorakit.train.checkpoint.RunExports.ADAPTER_DIR;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunFiles() {}

    /**
     * A run directory named as CleanRL names runs: {@code <config>__<plugin>__<seed>__<time>}.
     *
     * @param runs the parent directory, e.g. {@code runs}
     * @param config the config name
     * @param plugin the plugin id
     * @param seed the seed
     * @param time the start time
     * @return the directory path (not created)
     */
    public static Path runDirectory(Path runs, String config, String plugin, long seed, LocalDateTime time) {
        return runs.resolve(config + "__" + plugin + "__" + seed + "__" + STAMP.format(time));
    }
}
