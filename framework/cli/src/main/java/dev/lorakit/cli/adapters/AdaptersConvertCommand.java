package dev.lorakit.cli.adapters;

import dev.lorakit.lora.analysis.CheckpointToPeft;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lorakit adapters convert CHECKPOINT --out DIR}: a lorakit checkpoint's adapter as a PEFT folder. */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        description = {
            "Write the LoRA factors of a lorakit checkpoint (a checkpoint directory, or a run directory's newest) as a PEFT",
            "adapter folder, with the adapter_config.json of --config (default: RUN_DIR/adapter)."
        })
public final class AdaptersConvertCommand extends AdapterCommandBase {

    @Parameters(index = "0", paramLabel = "CHECKPOINT|RUN_DIR", description = "A checkpoint directory, a parameters file or a run directory.")
    private Path checkpoint;

    @Option(names = "--config", paramLabel = "ADAPTER_DIR", description = "A PEFT folder whose adapter_config.json describes the adapter.")
    private Path config;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The PEFT folder to write.")
    private Path outDir;

    @Override
    void run(PrintWriter out) throws IOException {
        Path cfg = config != null ? config : checkpoint.resolve("adapter");
        if (!Files.isDirectory(cfg)) {
            throw new IllegalArgumentException("no adapter config: pass --config ADAPTER_DIR (" + cfg + " does not exist)");
        }
        int n = CheckpointToPeft.convert(checkpoint, cfg, outDir);
        out.println("Wrote " + outDir + " (" + n + " tensors)");
    }
}
