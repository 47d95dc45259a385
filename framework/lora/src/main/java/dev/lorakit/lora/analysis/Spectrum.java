package dev.lorakit.lora.analysis;

import java.util.Random;

/**
 * Every singular value of a matrix and its top-r singular vectors, by Golub–Kahan Householder
 * bidiagonalization (O(m·n²), cache-friendly on row-major data), bisection on the Golub–Kahan
 * tridiagonal form of the bidiagonal matrix for the values (Sturm counts, no squaring, so small
 * values keep their relative accuracy) and inverse iteration on it for the top r vectors, mapped
 * back through the reflectors. This is what the analysis needs of a base weight W — its spectrum
 * and its dominant subspace — at a cost that stays practical for 4096×4096 layers, where the full
 * one-sided Jacobi {@link Svd} (O(m·n²) per sweep, many sweeps, strided access) takes hours.
 * DJL 0.36 exposes no SVD of the engine ({@code NDArray} and {@code PyTorchLibrary} have none).
 *
 * @param s every singular value, descending, min(rows, cols) of them
 * @param u the top-r left singular vectors, rows×r
 * @param v the top-r right singular vectors, cols×r
 */
public record Spectrum(double[] s, DenseMatrix u, DenseMatrix v) {

    private static final double EPS = Math.ulp(1.0);
    private static final int INVERSE_ITERATIONS = 4;

    /**
     * Decomposes a matrix.
     *
     * @param a the matrix
     * @param r how many top singular vector pairs to compute, 0 ≤ r ≤ min(rows, cols)
     * @return the singular values and top-r vectors
     */
    public static Spectrum of(DenseMatrix a, int r) {
        if (a.rows() < a.cols()) {
            Spectrum t = of(a.transpose(), r);
            return new Spectrum(t.s, t.v, t.u);
        }
        int m = a.rows();
        int n = a.cols();
        if (r < 0 || r > n) {
            throw new IllegalArgumentException("r must be in [0, " + n + "], got " + r);
        }
        double[] w = a.data().clone();
        double[] d = new double[n];
        double[] e = new double[Math.max(0, n - 1)];
        double[] leftHead = new double[n];
        double[] rightHead = new double[Math.max(0, n - 1)];
        bidiagonalize(w, m, n, d, e, leftHead, rightHead);
        // Golub–Kahan form: zero diagonal, off-diagonal d0, e0, d1, e1, …, d_{n-1}; eigenvalues ±s_i.
        double[] off = new double[2 * n - 1];
        for (int k = 0; k < n; k++) {
            off[2 * k] = d[k];
            if (k < n - 1) {
                off[2 * k + 1] = e[k];
            }
        }
        double[] s = new double[n];
        double bound = 0;
        for (int i = 0; i < off.length; i++) {
            bound = Math.max(bound, Math.abs(off[i]) + (i + 1 < off.length ? Math.abs(off[i + 1]) : 0));
        }
        double pivmin = Double.MIN_NORMAL * Math.max(1, bound * bound);
        for (int k = 0; k < n; k++) {
            s[k] = bisect(off, n, k, bound, pivmin);
        }
        double[] u = new double[m * r];
        double[] v = new double[n * r];
        double[][] previous = new double[r][];
        Random rng = new Random(0x5EED);
        for (int k = 0; k < r; k++) {
            double[] z = inverseIteration(off, s[k], bound, previous, s, k, rng);
            previous[k] = z;
            double[] ub = new double[m];
            double[] vb = new double[n];
            for (int i = 0; i < n; i++) {
                vb[i] = z[2 * i];
                ub[i] = z[2 * i + 1];
            }
            normalize(ub);
            normalize(vb);
            applyLeft(w, m, n, leftHead, ub);
            applyRight(w, n, rightHead, vb);
            for (int i = 0; i < m; i++) {
                u[i * r + k] = ub[i];
            }
            for (int i = 0; i < n; i++) {
                v[i * r + k] = vb[i];
            }
        }
        return new Spectrum(s, new DenseMatrix(m, r, u), new DenseMatrix(n, r, v));
    }

    /**
     * Householder bidiagonalization in place: A = Q_L·B·Q_Rᵀ with B upper bidiagonal (d, e). The
     * reflector of column k is kept below the diagonal (its first entry in leftHead[k]); the one
     * of row k right of the superdiagonal (first entry in rightHead[k]).
     */
    private static void bidiagonalize(double[] a, int m, int n, double[] d, double[] e, double[] leftHead,
            double[] rightHead) {
        double[] acc = new double[n];
        for (int k = 0; k < n; k++) {
            // Left reflector: zero column k below the diagonal.
            double norm = 0;
            for (int i = k; i < m; i++) {
                norm += a[i * n + k] * a[i * n + k];
            }
            norm = Math.sqrt(norm);
            double alpha = a[k * n + k] > 0 ? -norm : norm;
            double head = a[k * n + k] - alpha;
            double vv = head * head + norm * norm - a[k * n + k] * a[k * n + k];
            leftHead[k] = head;
            d[k] = alpha;
            if (norm != 0 && vv > 0) {
                java.util.Arrays.fill(acc, k + 1, n, 0);
                for (int i = k; i < m; i++) {
                    double vi = i == k ? head : a[i * n + k];
                    for (int j = k + 1; j < n; j++) {
                        acc[j] += vi * a[i * n + j];
                    }
                }
                for (int i = k; i < m; i++) {
                    double f = 2 * (i == k ? head : a[i * n + k]) / vv;
                    for (int j = k + 1; j < n; j++) {
                        a[i * n + j] -= f * acc[j];
                    }
                }
            } else {
                leftHead[k] = Double.NaN; // marks "no reflection"
            }
            if (k >= n - 1) {
                continue;
            }
            // Right reflector: zero row k right of the superdiagonal.
            double rnorm = 0;
            for (int j = k + 1; j < n; j++) {
                rnorm += a[k * n + j] * a[k * n + j];
            }
            rnorm = Math.sqrt(rnorm);
            double beta = a[k * n + k + 1] > 0 ? -rnorm : rnorm;
            double rhead = a[k * n + k + 1] - beta;
            double uu = rhead * rhead + rnorm * rnorm - a[k * n + k + 1] * a[k * n + k + 1];
            rightHead[k] = rhead;
            e[k] = beta;
            if (rnorm != 0 && uu > 0) {
                for (int i = k + 1; i < m; i++) {
                    int row = i * n;
                    double dot = rhead * a[row + k + 1];
                    for (int j = k + 2; j < n; j++) {
                        dot += a[k * n + j] * a[row + j];
                    }
                    double f = 2 * dot / uu;
                    a[row + k + 1] -= f * rhead;
                    for (int j = k + 2; j < n; j++) {
                        a[row + j] -= f * a[k * n + j];
                    }
                }
            } else {
                rightHead[k] = Double.NaN;
            }
        }
    }

    /** x ← Q_L·x, Q_L = H_0·…·H_{n-1}: the last reflector first. */
    private static void applyLeft(double[] a, int m, int n, double[] head, double[] x) {
        for (int k = n - 1; k >= 0; k--) {
            if (Double.isNaN(head[k])) {
                continue;
            }
            double vv = head[k] * head[k];
            double dot = head[k] * x[k];
            for (int i = k + 1; i < m; i++) {
                double vi = a[i * n + k];
                vv += vi * vi;
                dot += vi * x[i];
            }
            double f = 2 * dot / vv;
            x[k] -= f * head[k];
            for (int i = k + 1; i < m; i++) {
                x[i] -= f * a[i * n + k];
            }
        }
    }

    /** x ← Q_R·x, Q_R = G_0·…·G_{n-2}, G_k acting on indices k+1..n-1: the last reflector first. */
    private static void applyRight(double[] a, int n, double[] head, double[] x) {
        for (int k = n - 2; k >= 0; k--) {
            if (Double.isNaN(head[k])) {
                continue;
            }
            double uu = head[k] * head[k];
            double dot = head[k] * x[k + 1];
            for (int j = k + 2; j < n; j++) {
                double uj = a[k * n + j];
                uu += uj * uj;
                dot += uj * x[j];
            }
            double f = 2 * dot / uu;
            x[k + 1] -= f * head[k];
            for (int j = k + 2; j < n; j++) {
                x[j] -= f * a[k * n + j];
            }
        }
    }

    /** How many eigenvalues of the Golub–Kahan tridiagonal are below x (Sturm sequence). */
    private static int countBelow(double[] off, double x, double pivmin) {
        int count = 0;
        double q = -x;
        if (Math.abs(q) < pivmin) {
            q = -pivmin;
        }
        if (q < 0) {
            count++;
        }
        for (double b : off) {
            q = -x - b * b / q;
            if (Math.abs(q) < pivmin) {
                q = -pivmin;
            }
            if (q < 0) {
                count++;
            }
        }
        return count;
    }

    /** The k-th largest singular value: the (n - k)-th smallest positive eigenvalue. */
    private static double bisect(double[] off, int n, int k, double bound, double pivmin) {
        double lo = 0;
        double hi = bound;
        // #{s_i < x} = count(x) - n; s_k < x exactly when at least n - k of them are below x.
        for (int it = 0; it < 200 && hi - lo > 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi)) + pivmin; it++) {
            double mid = 0.5 * (lo + hi);
            if (countBelow(off, mid, pivmin) - n >= n - k) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /**
     * An eigenvector of the Golub–Kahan tridiagonal for the eigenvalue lambda, by inverse
     * iteration with a partially pivoted tridiagonal LU (LAPACK's dgttrf/dgttrs), orthogonalised
     * against earlier vectors of close eigenvalues (LAPACK's dstein does the same).
     */
    private static double[] inverseIteration(double[] off, double lambda, double bound, double[][] previous,
            double[] s, int k, Random rng) {
        int size = off.length + 1;
        double tiny = EPS * Math.max(bound, Double.MIN_NORMAL);
        double[] dg = new double[size];
        double[] du = new double[size - 1];
        double[] du2 = new double[Math.max(0, size - 2)];
        double[] dl = new double[size - 1];
        boolean[] swapped = new boolean[size - 1];
        java.util.Arrays.fill(dg, -lambda);
        System.arraycopy(off, 0, du, 0, off.length);
        System.arraycopy(off, 0, dl, 0, off.length);
        for (int i = 0; i < size - 1; i++) {
            if (Math.abs(dg[i]) >= Math.abs(dl[i])) {
                if (dg[i] == 0) {
                    dg[i] = tiny;
                }
                double f = dl[i] / dg[i];
                dl[i] = f;
                dg[i + 1] -= f * du[i];
            } else {
                double f = dg[i] / dl[i];
                dg[i] = dl[i];
                dl[i] = f;
                double t = du[i];
                du[i] = dg[i + 1];
                dg[i + 1] = t - f * dg[i + 1];
                if (i < size - 2) {
                    du2[i] = du[i + 1];
                    du[i + 1] = -f * du[i + 1];
                }
                swapped[i] = true;
            }
        }
        if (dg[size - 1] == 0) {
            dg[size - 1] = tiny;
        }
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = rng.nextDouble() - 0.5;
        }
        for (int it = 0; it < INVERSE_ITERATIONS; it++) {
            for (int i = 0; i < size - 1; i++) {
                if (swapped[i]) {
                    double t = x[i];
                    x[i] = x[i + 1];
                    x[i + 1] = t - dl[i] * x[i];
                } else {
                    x[i + 1] -= dl[i] * x[i];
                }
            }
            for (int i = size - 1; i >= 0; i--) {
                double acc = x[i];
                if (i + 1 < size) {
                    acc -= du[i] * x[i + 1];
                }
                if (i + 2 < size) {
                    acc -= du2[i] * x[i + 2];
                }
                if (Math.abs(dg[i]) < tiny) {
                    dg[i] = Math.copySign(tiny, dg[i]);
                }
                x[i] = acc / dg[i];
            }
            for (int j = 0; j < k; j++) {
                if (Math.abs(s[j] - lambda) <= 1e-3 * bound) {
                    double dot = 0;
                    for (int i = 0; i < size; i++) {
                        dot += x[i] * previous[j][i];
                    }
                    for (int i = 0; i < size; i++) {
                        x[i] -= dot * previous[j][i];
                    }
                }
            }
            normalize(x);
        }
        return x;
    }

    private static void normalize(double[] x) {
        double norm = 0;
        for (double v : x) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int i = 0; i < x.length; i++) {
                x[i] /= norm;
            }
        }
    }
}
