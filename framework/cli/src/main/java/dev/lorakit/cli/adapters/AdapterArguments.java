package dev.lorakit.cli.adapters;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code RUN_DIR|ADAPTER_DIR} argument and {@code --base} option every adapters subcommand shares (a picocli mixin). */
public final class AdapterArguments {

    @Parameters(index = "0", paramLabel = "RUN_DIR|ADAPTER_DIR", description = "A run directory or a PEFT adapter folder.")
    Path dir;

    @Option(names = "--base", paramLabel = "MODEL", description = "Base weights: a .safetensors file under ModuleTree names, a checkpoint or a run directory (default: the run's newest checkpoint, if it holds the whole model).")
    Path base;

    /**
     * Resolves the adapter folder and base.
     *
     * @return the source
     * @throws IOException when the directory is neither a run nor an adapter folder, or --base names nothing usable
     */
    public AdapterSource source() throws IOException {
        return AdapterSource.resolve(dir, base);
    }
}
