package dev.lorakit.lora.analysis;

import java.util.Arrays;

/**
 * A full (thin) singular value decomposition {@code A = U·diag(s)·Vᵀ} by one-sided Jacobi
 * (Hestenes) rotations in double precision. The analysis needs every singular value and, for
 * W, accurate singular vectors; {@code TopSvd}'s subspace iteration gives only the top r and
 * cannot tell a zero singular value from a small one, which the rank tests depend on.
 *
 * @param u left singular vectors, rows×k row-major, k = min(rows, cols) ({@link #ofProduct}: the
 *     factors' inner dimension)
 * @param s singular values, descending, k of them
 * @param v right singular vectors, cols×k row-major
 */
public record Svd(DenseMatrix u, double[] s, DenseMatrix v) {

    private static final int MAX_SWEEPS = 80;

    /**
     * Decomposes a matrix.
     *
     * @param a the matrix
     * @return its thin SVD
     */
    public static Svd of(DenseMatrix a) {
        if (a.rows() < a.cols()) {
            Svd t = of(a.transpose());
            return new Svd(t.v, t.s, t.u);
        }
        int m = a.rows();
        int n = a.cols();
        double[] w = a.data().clone();
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) {
            v[i * n + i] = 1;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            boolean rotated = false;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double alpha = 0;
                    double beta = 0;
                    double gamma = 0;
                    for (int i = 0; i < m; i++) {
                        double wp = w[i * n + p];
                        double wq = w[i * n + q];
                        alpha += wp * wp;
                        beta += wq * wq;
                        gamma += wp * wq;
                    }
                    if (gamma == 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) {
                        continue;
                    }
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    double c = 1 / Math.sqrt(1 + t * t);
                    double sn = c * t;
                    rotate(w, m, n, p, q, c, sn);
                    rotate(v, n, n, p, q, c, sn);
                }
            }
            if (!rotated) {
                break;
            }
        }
        double[] norms = new double[n];
        for (int j = 0; j < n; j++) {
            double acc = 0;
            for (int i = 0; i < m; i++) {
                acc += w[i * n + j] * w[i * n + j];
            }
            norms[j] = Math.sqrt(acc);
        }
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (x, y) -> Double.compare(norms[y], norms[x]));
        double[] s = new double[n];
        double[] u = new double[m * n];
        double[] vs = new double[n * n];
        for (int c = 0; c < n; c++) {
            int src = order[c];
            s[c] = norms[src];
            for (int i = 0; i < m; i++) {
                u[i * n + c] = s[c] > 0 ? w[i * n + src] / s[c] : 0;
            }
            for (int i = 0; i < n; i++) {
                vs[i * n + c] = v[i * n + src];
            }
        }
        return new Svd(new DenseMatrix(m, n, u), s, new DenseMatrix(n, n, vs));
    }

    /**
     * Decomposes a product {@code L·R} of rank-k factors exactly, without decomposing the m×n
     * product: with thin QRs {@code L = Q_L·R_L} and {@code Rᵀ = Q_R·R_R}, {@code L·R = Q_L·(R_L·R_Rᵀ)·Q_Rᵀ},
     * so the SVD of the k×k core {@code C = U_c·S·V_cᵀ} gives {@code U = Q_L·U_c}, {@code V = Q_R·V_c}.
     * Cost O((m + n)·k²) instead of Jacobi's O(m·n·min(m, n)) per sweep: this is how a LoRA update
     * ΔW = scale·B·A of a 4096×4096 layer is decomposed in milliseconds.
     *
     * @param left L, m×k
     * @param right R, k×n
     * @return the thin SVD of L·R with k singular values (those beyond the product's rank are ~0),
     *     or, when k exceeds min(m, n), the SVD of the formed product
     */
    public static Svd ofProduct(DenseMatrix left, DenseMatrix right) {
        if (left.cols() != right.rows()) {
            throw new IllegalArgumentException("Cannot multiply " + left.rows() + "x" + left.cols() + " by "
                    + right.rows() + "x" + right.cols());
        }
        int k = left.cols();
        if (k > Math.min(left.rows(), right.cols())) {
            return of(left.times(right));
        }
        ThinQr l = ThinQr.of(left);
        ThinQr r = ThinQr.of(right.transpose());
        Svd core = of(l.r().times(r.r().transpose()));
        return new Svd(l.q().times(core.u()), core.s(), r.q().times(core.v()));
    }

    private static void rotate(double[] a, int rows, int cols, int p, int q, double c, double s) {
        for (int i = 0; i < rows; i++) {
            double ap = a[i * cols + p];
            double aq = a[i * cols + q];
            a[i * cols + p] = c * ap - s * aq;
            a[i * cols + q] = s * ap + c * aq;
        }
    }

    /**
     * How many singular values exceed a fraction of the largest.
     *
     * @param fraction e.g. 0.01 for the "effective rank"
     * @return the count; 0 for a zero matrix
     */
    public int rankAbove(double fraction) {
        if (s.length == 0 || s[0] == 0) {
            return 0;
        }
        int k = 0;
        while (k < s.length && s[k] > fraction * s[0]) {
            k++;
        }
        return k;
    }

    /**
     * The numerical rank: singular values above {@code max(m, n)·ε·s₁}, LAPACK's default
     * tolerance.
     *
     * @return the rank
     */
    public int numericalRank() {
        return rankAbove(Math.max(u.rows(), v.rows()) * Math.ulp(1.0) * 8);
    }

    /**
     * The Frobenius error of the best rank-r approximation (Eckart–Young): √Σ_{i>r} s_i².
     *
     * @param r the rank, 0 or more
     * @return the error
     */
    public double truncationError(int r) {
        double acc = 0;
        for (int i = Math.min(r, s.length); i < s.length; i++) {
            acc += s[i] * s[i];
        }
        return Math.sqrt(acc);
    }
}
