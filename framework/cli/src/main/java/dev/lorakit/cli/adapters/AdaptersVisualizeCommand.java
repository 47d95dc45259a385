package dev.lorakit.cli.adapters;

import dev.lorakit.lora.analysis.AdapterDeltas;
import dev.lorakit.lora.analysis.BaseWeights;
import dev.lorakit.lora.analysis.LayerDelta;
import dev.lorakit.lora.analysis.VisualizeReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lorakit adapters visualize DIR}: an HTML page of heatmaps and spectra per layer. */
@Command(
        name = "visualize",
        mixinStandardHelpOptions = true,
        description = {
            "Write a self-contained HTML page: per layer heatmaps of W, dW = scale*B*A and W + t*dW (t = 0, 0.25 ... 1),",
            "and the singular value spectra of dW and W. Large matrices are downsampled by block mean."
        })
public final class AdaptersVisualizeCommand extends AdapterCommandBase {

    @Parameters(index = "0", paramLabel = "RUN_DIR|ADAPTER_DIR", description = "A run directory or a PEFT adapter folder.")
    private Path dir;

    @Option(names = "--base", paramLabel = "MODEL", description = "Base weights: a .safetensors file under ModuleTree names, a checkpoint or a run directory.")
    private Path base;

    @Option(names = "--layers", paramLabel = "REGEX", description = "Only layers whose path matches (whole match).")
    private String layers;

    @Option(names = "--out", paramLabel = "FILE", description = "The page to write (default: ${DEFAULT-VALUE}).", defaultValue = "adapter-report.html")
    private Path outFile;

    @Override
    void run(PrintWriter out) throws IOException {
        AdapterSource source = AdapterSource.resolve(dir, base);
        List<LayerDelta> deltas = AdapterDeltas.read(source.adapterDir(), AdapterDeltas.layers(layers));
        if (deltas.isEmpty()) {
            throw new IllegalArgumentException("--layers " + layers + " matches no adapted layer of " + source.adapterDir());
        }
        try (BaseWeights weights = source.openBase()) {
            VisualizeReport.write(outFile, source.adapterDir().toString(), deltas, weights);
        }
        out.println("Wrote " + outFile + " (" + deltas.size() + " layers, base " + (source.base() == null ? "unknown" : source.base()) + ")");
    }
}
