package dev.lorakit.lora.analysis;

import dev.lorakit.lora.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The self-contained HTML page of {@code lorakit adapters visualize}: per layer, heatmaps of W,
 * ΔW and W + t·ΔW (t = 0, 0.25 … 1), the singular value spectra of ΔW and W, and the numbers
 * of {@link LayerAnalysis}. Images are PNG data URIs; the page states how large matrices were
 * downsampled.
 */
public final class VisualizeReport {

    /** The interpolation factors drawn. */
    public static final double[] STEPS = {0, 0.25, 0.5, 0.75, 1};

    private VisualizeReport() {}

    /**
     * Builds the page and writes it atomically.
     *
     * @param out the HTML file
     * @param source what the adapter came from, for the title
     * @param deltas the layers to draw
     * @param base the base weights, or null when unknown
     * @throws IOException when the base cannot be read or the page cannot be written
     */
    public static void write(Path out, String source, List<LayerDelta> deltas, BaseWeights base) throws IOException {
        AtomicFiles.writeString(out, html(source, deltas, base));
    }

    /**
     * Builds the page.
     *
     * @param source what the adapter came from
     * @param deltas the layers to draw
     * @param base the base weights, or null when unknown
     * @return the HTML
     * @throws IOException when the base cannot be read
     */
    public static String html(String source, List<LayerDelta> deltas, BaseWeights base) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>LoRA adapter: ").append(esc(source)).append("</title><style>")
                .append("body{font-family:sans-serif;margin:2em}figure{display:inline-block;margin:.5em;text-align:center;vertical-align:top}")
                .append("img{image-rendering:pixelated;border:1px solid #ccc;height:256px;max-width:480px}td,th{padding:2px 8px;text-align:right}</style></head><body>\n")
                .append("<h1>LoRA adapter ").append(esc(source)).append("</h1>\n<p>ΔW = scale·B·A (conv kernels as [out, in·kh·kw], embeddings as (B·A)ᵀ). ")
                .append("Colours: blue negative, white zero, red positive; W and every W + t·ΔW share one colour scale, ΔW has its own. ")
                .append("Matrices larger than ").append(Heatmap.MAX_CELLS).append(" cells per side are downsampled by <b>block mean</b> ")
                .append("(each pixel is the mean of a block of entries; block sizes are given per image), never cropped.</p>\n");
        h.append(base == null ? "<p><b>Base weights unknown</b> (no --base given or found): ‖W‖ and W's heatmaps and spectrum are not shown.</p>\n"
                : "<p>Base weights: " + esc(base.path().toString()) + "</p>\n");
        for (LayerDelta d : deltas) {
            DenseMatrix w = base == null ? null : base.weightFor(d).orElse(null);
            LayerAnalysis a = LayerAnalysis.of(d, w, 0);
            var l = d.layer();
            h.append("<h2>").append(esc(l.path())).append("</h2>\n<table><tr><th>kind</th><th>rank</th><th>alpha</th><th>scale</th><th>‖ΔW‖_F</th><th>max|ΔW|</th><th>‖W‖_F</th><th>‖ΔW‖/‖W‖</th><th>effective rank</th><th>rank-r residual</th><th>share in W's top-r subspace</th></tr>\n<tr>")
                    .append(td("kind", l.kind())).append(td("rank", Long.toString(l.rank()))).append(td("alpha", num(l.alpha()))).append(td("scale", num(l.scale())))
                    .append(td("dw-norm", num(a.deltaNorm()))).append(td("dw-max", num(d.delta().maxAbs())))
                    .append(td("w-norm", a.baseNorm().isPresent() ? num(a.baseNorm().getAsDouble()) : "unknown"))
                    .append(td("relative", a.relativeNorm().isPresent() ? num(a.relativeNorm().getAsDouble()) : "unknown"))
                    .append(td("effective-rank", Integer.toString(a.effectiveRank()))).append(td("residual", num(a.truncationResidual())))
                    .append(td("subspace", a.subspaceFraction().isPresent() ? num(a.subspaceFraction().getAsDouble()) : "unknown")).append("</tr></table>\n");
            h.append("<p>Singular values of ΔW: <span class=\"dw-sv\">");
            double[] s = a.deltaSvd().s();
            for (int i = 0; i < Math.min(s.length, 16); i++) {
                h.append(i == 0 ? "" : ", ").append(num(s[i]));
            }
            h.append(s.length > 16 ? ", …" : "").append("</span></p>\n<div>");
            int[] b = Heatmap.blocks(d.delta());
            String sampling = b[0] == 1 && b[1] == 1 ? "full resolution" : "block mean " + b[0] + "×" + b[1];
            String dims = d.delta().rows() + "×" + d.delta().cols();
            h.append(figure("ΔW " + dims + ", " + sampling + ", ±" + num(d.delta().maxAbs()), Heatmap.png(d.delta(), d.delta().maxAbs())));
            double[] wSpectrum = null;
            if (w != null) {
                double limit = 0;
                for (double t : STEPS) {
                    limit = Math.max(limit, w.plusScaled(t, d.delta()).maxAbs());
                }
                h.append(figure("W " + dims + ", " + sampling + ", ±" + num(limit), Heatmap.png(w, limit)));
                for (double t : STEPS) {
                    h.append(figure(String.format(Locale.ROOT, "W + %.2f·ΔW", t), Heatmap.png(w.plusScaled(t, d.delta()), limit)));
                }
                wSpectrum = a.baseSpectrum().orElseThrow().s();
            }
            h.append(figure("singular values of ΔW (red) and W (blue); values below 1e-12·σ1 drawn at the bottom", SpectrumPlot.png(s, wSpectrum))).append("</div>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    private static String figure(String caption, byte[] png) {
        return "<figure><img alt=\"" + esc(caption) + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\"><figcaption>" + esc(caption) + "</figcaption></figure>\n";
    }

    private static String td(String cls, String v) {
        return "<td class=\"" + cls + "\">" + esc(v) + "</td>";
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
