package dev.lorakit.cli.adapters;

import dev.lorakit.lora.analysis.AdapterMerge;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lorakit adapters merge DIR --out OUT}: the full model with the adapter folded in. */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        description = {
            "Write the merged full model (W + scale*B*A per adapted layer, other tensors copied) as OUT/model.safetensors",
            "under the base's names, and OUT/merge.json saying what was merged. Needs the base weights."
        })
public final class AdaptersMergeCommand extends AdapterCommandBase {

    @Mixin private AdapterArguments args;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output directory.")
    private Path outDir;

    @Override
    void run(PrintWriter out) throws IOException {
        AdapterSource source = args.source();
        if (source.base() == null) {
            throw new IllegalArgumentException("no base weights for " + source.adapterDir() + ": pass --base (a .safetensors file, checkpoint or run directory with the whole model)");
        }
        Path model = AdapterMerge.merge(source.adapterDir(), source.base(), outDir);
        out.println("Wrote " + model + " and " + outDir.resolve(AdapterMerge.MERGE_INFO_FILE));
    }
}
