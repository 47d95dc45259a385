package dev.lorakit.lora.analysis;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The numbers {@code adapters inspect} and {@code adapters svd-compare} print for one layer.
 * Figures that need the base weight are empty when it is unknown; they are never guessed.
 *
 * @param delta the layer's update
 * @param deltaSvd SVD of ΔW
 * @param baseNorm ‖W‖_F, empty without a base
 * @param compareRank r used for the comparison (the adapter's rank unless asked otherwise)
 * @param subspaceFraction ‖P_U ΔW P_V‖²_F / ‖ΔW‖²_F with P_U, P_V projectors on W's top-r
 *     singular subspaces: how much of ΔW lies in W's top-r subspace; empty without a base
 * @param baseSpectrum W's singular values and top-r vectors, computed once here and reused (e.g.
 *     for the spectrum plot); empty without a base
 */
public record LayerAnalysis(LayerDelta delta, Svd deltaSvd, OptionalDouble baseNorm, int compareRank,
        OptionalDouble subspaceFraction, Optional<Spectrum> baseSpectrum) {

    /** Singular values above this fraction of the largest count towards the effective rank. */
    public static final double EFFECTIVE_RANK_FRACTION = 0.01;

    /**
     * Analyses a layer.
     *
     * @param delta the update
     * @param base the base weight in ΔW's layout, or null when unknown
     * @param rank r for the comparison; 0 or less means the adapter's rank
     * @return the analysis
     */
    public static LayerAnalysis of(LayerDelta delta, DenseMatrix base, int rank) {
        Svd svd = delta.svd();
        int r = rank > 0 ? rank : Math.toIntExact(delta.layer().rank());
        r = Math.min(r, Math.min(delta.delta().rows(), delta.delta().cols()));
        if (base == null) {
            return new LayerAnalysis(delta, svd, OptionalDouble.empty(), r, OptionalDouble.empty(), Optional.empty());
        }
        base.requireSameShape(delta.delta());
        Spectrum w = Spectrum.of(base, r);
        return new LayerAnalysis(delta, svd, OptionalDouble.of(base.frobenius()), r,
                OptionalDouble.of(subspaceFraction(w.u(), w.v(), delta.delta())), Optional.of(w));
    }

    /**
     * ‖U_rᵀ ΔW V_r‖²_F / ‖ΔW‖²_F, which equals the two-sided projection's share because U_r, V_r
     * are orthonormal.
     *
     * @param ur W's top-r left singular vectors, rows×r
     * @param vr W's top-r right singular vectors, cols×r
     * @param delta ΔW
     * @return the share in [0, 1]; 0 for a zero ΔW
     */
    static double subspaceFraction(DenseMatrix ur, DenseMatrix vr, DenseMatrix delta) {
        double total = delta.frobenius();
        if (total == 0) {
            return 0;
        }
        double inside = ur.transpose().times(delta).times(vr).frobenius();
        return inside * inside / (total * total);
    }

    /**
     * ‖ΔW‖_F.
     *
     * @return the norm
     */
    public double deltaNorm() {
        return delta.delta().frobenius();
    }

    /**
     * ‖ΔW‖_F / ‖W‖_F.
     *
     * @return the ratio, empty without a base
     */
    public OptionalDouble relativeNorm() {
        return baseNorm.isPresent() && baseNorm.getAsDouble() > 0 ? OptionalDouble.of(deltaNorm() / baseNorm.getAsDouble()) : OptionalDouble.empty();
    }

    /**
     * The effective rank: singular values of ΔW above 1% of the largest.
     *
     * @return the count
     */
    public int effectiveRank() {
        return deltaSvd.rankAbove(EFFECTIVE_RANK_FRACTION);
    }

    /**
     * Relative error of ΔW's best rank-{@link #compareRank()} approximation, ‖ΔW − ΔW_r‖_F / ‖ΔW‖_F.
     *
     * @return the error in [0, 1]; 0 for a zero ΔW
     */
    public double truncationResidual() {
        double n = deltaNorm();
        return n == 0 ? 0 : deltaSvd.truncationError(compareRank) / n;
    }

    /**
     * The table header matching {@link #formatRow(int)}.
     *
     * @param width layer column width
     * @return one line
     */
    public static String header(int width) {
        return String.format(Locale.ROOT, "  %-" + width + "s  %-9s %4s %8s %8s %10s %11s %11s %11s %7s %4s %11s %11s%n",
                "layer", "kind", "rank", "alpha", "scale", "params", "|dW|_F", "|W|_F", "|dW|/|W|", "effrank", "r", "resid@r", "inW_top_r");
    }

    /**
     * One table row.
     *
     * @param width layer column width
     * @return one line
     */
    public String formatRow(int width) {
        var l = delta.layer();
        return String.format(Locale.ROOT, "  %-" + width + "s  %-9s %4d %8s %8s %,10d %11.4e %11s %11s %7d %4d %11.4e %11s%n",
                l.path(), l.kind(), l.rank(), compact(l.alpha()), compact(l.scale()), l.parameters(), deltaNorm(), orUnknown(baseNorm, "%.4e"), orUnknown(relativeNorm(), "%.4e"),
                effectiveRank(), compareRank, truncationResidual(), orUnknown(subspaceFraction, "%.4f"));
    }

    private static String compact(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String orUnknown(OptionalDouble v, String format) {
        return v.isPresent() ? String.format(Locale.ROOT, format, v.getAsDouble()) : "unknown";
    }
}
