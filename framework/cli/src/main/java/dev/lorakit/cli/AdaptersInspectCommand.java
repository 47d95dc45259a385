package dev.lorakit.cli;

import dev.lorakit.cli.adapters.AdapterSource;
import dev.lorakit.cli.adapters.LayerStatsTable;
import dev.lorakit.lora.peft.AdapterFolderSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lorakit adapters inspect DIR}: what a PEFT-format adapter folder holds. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = {
            "Print what an adapter folder holds: config fields, and per layer the rank, alpha,",
            "scale, A/B shapes and parameter count; then |dW|_F, |dW|/|W| (with a base) and the effective rank of dW."
        })
public final class AdaptersInspectCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Adapter folder (adapter_config.json + adapter_model.safetensors).")
    private Path dir;

    @Option(names = "--base", paramLabel = "MODEL", description = "Base weights for |W|: a .safetensors file, a checkpoint or a run directory.")
    private Path base;

    @Override
    public Integer call() {
        try {
            spec.commandLine().getOut().print(AdapterFolderSummary.read(dir).format());
            spec.commandLine().getOut().println();
            LayerStatsTable.print(spec.commandLine().getOut(), AdapterSource.resolve(dir, base), null, 0);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("lorakit adapters inspect: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
