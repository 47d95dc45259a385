package dev.lorakit.cli.adapters;

import dev.lorakit.lora.analysis.BaseWeights;
import dev.lorakit.lora.analysis.LayerAnalysis;
import dev.lorakit.lora.analysis.LayerDelta;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The per-layer table shared by {@code inspect} and {@code svd-compare}. */
public final class LayerStatsTable {

    private LayerStatsTable() {}

    /**
     * Analyses the selected layers and prints one row each, plus a legend.
     *
     * @param out where to print
     * @param source the adapter and base
     * @param layers layer regex, or null for all
     * @param rank r for the comparison, 0 for each layer's adapter rank
     * @return the analyses, in file order
     * @throws IOException when the files cannot be read
     */
    public static List<LayerAnalysis> print(PrintWriter out, AdapterSource source, String layers, int rank) throws IOException {
        List<LayerDelta> deltas = source.deltas(layers);
        if (deltas.isEmpty()) {
            out.println("No adapted layers to analyse.");
            return List.of();
        }
        List<LayerAnalysis> all = new ArrayList<>();
        try (BaseWeights base = source.openBase()) {
            out.println(base == null ? "Base weights: unknown (no --base, no checkpoint with the whole model); |W| figures are not computed"
                    : "Base weights: " + base.path());
            for (LayerDelta d : deltas) {
                all.add(LayerAnalysis.of(d, base == null ? null : base.weightFor(d).orElse(null), rank));
            }
        }
        int width = Math.max(5, all.stream().mapToInt(a -> a.delta().layer().path().length()).max().orElse(5));
        out.print(LayerAnalysis.header(width));
        all.forEach(a -> out.print(a.formatRow(width)));
        out.println("  effrank: singular values of dW above 1% of the largest; resid@r: |dW - best rank-r approx|_F / |dW|_F;");
        out.println("  inW_top_r: share of |dW|_F^2 inside W's top-r left and right singular subspaces; unknown = no base weight for the layer");
        return all;
    }
}
