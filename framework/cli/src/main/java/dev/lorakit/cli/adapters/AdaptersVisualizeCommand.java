package dev.lorakit.cli.adapters;

import dev.lorakit.lora.analysis.BaseWeights;
import dev.lorakit.lora.analysis.LayerDelta;
import dev.lorakit.lora.analysis.VisualizeReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lorakit adapters visualize DIR}: an HTML page of heatmaps and spectra per layer. */
@Command(
        name = "visualize",
        mixinStandardHelpOptions = true,
        description = {
            "Write a self-contained HTML page: per layer heatmaps of W, dW = scale*B*A and W + t*dW (t = 0, 0.25 ... 1),",
            "and the singular value spectra of dW and W. Large matrices are downsampled by block mean."
        })
public final class AdaptersVisualizeCommand extends AdapterCommandBase {

    @Mixin private AdapterArguments args;

    @Option(names = "--layers", paramLabel = "REGEX", description = "Only layers whose path matches (whole match).")
    private String layers;

    @Option(names = "--out", paramLabel = "FILE", description = "The page to write (default: ${DEFAULT-VALUE}).", defaultValue = "adapter-report.html")
    private Path outFile;

    @Override
    void run(PrintWriter out) throws IOException {
        AdapterSource source = args.source();
        List<LayerDelta> deltas = source.deltas(layers);
        if (deltas.isEmpty()) {
            throw new IllegalArgumentException(source.adapterDir() + " has no adapted layers to draw");
        }
        try (BaseWeights weights = source.openBase()) {
            VisualizeReport.write(outFile, source.adapterDir().toString(), deltas, weights);
        }
        out.println("Wrote " + outFile + " (" + deltas.size() + " layers, base " + (source.base() == null ? "unknown" : source.base()) + ")");
    }
}
