package dev.lorakit.bench;

import dev.lorakit.lora.analysis.DenseMatrix;
import dev.lorakit.lora.analysis.Spectrum;
import dev.lorakit.lora.analysis.Svd;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The decompositions of {@code lorakit adapters inspect | svd-compare | visualize} on an n×n layer
 * with a rank-r adapter: ΔW = B·A by one-sided Jacobi on the formed matrix (before) against
 * {@link Svd#ofProduct} from the factors (after), and W's spectrum + top-r vectors by Jacobi
 * (before) against {@link Spectrum} (after). Each figure is the median over runs of the thread's
 * CPU time (single-threaded code: on a loaded machine CPU time measures the work, wall time
 * mostly the wait); Jacobi on W is skipped above {@code jacobiMax} (its cost grows as n³ per
 * sweep) and printed as such.
 *
 * <p>{@code framework/bench/run AdapterSvdBenchmark [runs] [r] [jacobiMax] n1 n2 ...} (defaults 5, 8,
 * 1024, sizes 256 1024).
 */
public final class AdapterSvdBenchmark {

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private AdapterSvdBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args runs, r, the largest n Jacobi runs on W for, then the sizes
     */
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int r = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int jacobiMax = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        int[] sizes = args.length > 3 ? Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {256, 1024};
        System.out.println("| n | r | ΔW Jacobi (CPU s) | ΔW from factors (CPU s) | speedup | W Jacobi (CPU s) | W Spectrum (CPU s) | speedup | max abs. diff of σ(W) vs Jacobi, in σ₁ |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (int n : sizes) {
            Random rng = new Random(n);
            DenseMatrix b = gaussian(rng, n, r);
            DenseMatrix a = gaussian(rng, r, n);
            DenseMatrix delta = b.times(a);
            DenseMatrix w = gaussian(rng, n, n);
            boolean jacobi = n <= jacobiMax;
            double dwBefore = jacobi ? median(runs, () -> Svd.of(delta)) : Double.NaN;
            double dwAfter = median(runs, () -> Svd.ofProduct(b, a));
            double wBefore = jacobi ? median(runs, () -> Svd.of(w)) : Double.NaN;
            double wAfter = median(runs, () -> Spectrum.of(w, r));
            String diff = "-";
            if (jacobi) {
                double[] s1 = Svd.of(w).s();
                double[] s2 = Spectrum.of(w, r).s();
                double worst = 0;
                for (int i = 0; i < s1.length; i++) {
                    worst = Math.max(worst, Math.abs(s1[i] - s2[i]) / s1[0]);
                }
                diff = String.format(Locale.ROOT, "%.1e", worst);
            }
            System.out.printf(Locale.ROOT, "| %d | %d | %s | %.4f | %s | %s | %.2f | %s | %s |%n", n, r,
                    jacobi ? String.format(Locale.ROOT, "%.2f", dwBefore) : "skipped",
                    dwAfter, jacobi ? String.format(Locale.ROOT, "%.0f×", dwBefore / dwAfter) : "-",
                    jacobi ? String.format(Locale.ROOT, "%.2f", wBefore) : "skipped", wAfter,
                    jacobi ? String.format(Locale.ROOT, "%.1f×", wBefore / wAfter) : "-", diff);
        }
    }

    private static double median(int runs, Supplier<Object> work) {
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = CPU.getCurrentThreadCpuTime();
            if (work.get() == null) {
                throw new IllegalStateException("no result");
            }
            t[i] = (CPU.getCurrentThreadCpuTime() - start) / 1e9;
        }
        Arrays.sort(t);
        return runs % 2 == 1 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
    }

    private static DenseMatrix gaussian(Random rng, int rows, int cols) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextGaussian();
        }
        return new DenseMatrix(rows, cols, d);
    }
}
