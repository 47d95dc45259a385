package dev.lorakit.cli.adapters;

import dev.lorakit.lora.analysis.LayerAnalysis;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lorakit adapters svd-compare DIR}: how a learned ΔW relates to a truncated SVD. */
@Command(
        name = "svd-compare",
        mixinStandardHelpOptions = true,
        description = {
            "Per layer: the singular values of dW = scale*B*A, its numerical and effective rank, the error of",
            "its best rank-r approximation, and how much of dW lies in W's top-r singular subspace (needs the base)."
        })
public final class AdaptersSvdCompareCommand extends AdapterCommandBase {

    @Mixin private AdapterArguments args;

    @Option(names = "--layers", paramLabel = "REGEX", description = "Only layers whose path matches (whole match).")
    private String layers;

    @Option(names = "--rank", paramLabel = "R", description = "r for the comparison (default: each layer's adapter rank).", defaultValue = "0")
    private int rank;

    @Override
    void run(PrintWriter out) throws IOException {
        if (rank < 0) {
            throw new IllegalArgumentException("--rank must be >= 1, got " + rank);
        }
        for (LayerAnalysis a : LayerStatsTable.print(out, args.source(), layers, rank)) {
            double[] s = a.deltaSvd().s();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < Math.min(s.length, 12); i++) {
                sb.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.4g", s[i]));
            }
            out.printf(Locale.ROOT, "%n%s: numerical rank %d (adapter rank %d); singular values of dW: %s%s%n", a.delta().layer().path(),
                    a.deltaSvd().numericalRank(), a.delta().layer().rank(), sb, s.length > 12 ? " ..." : "");
        }
    }
}
