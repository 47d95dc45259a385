package dev.lorakit.lora.analysis;

/**
 * The thin QR decomposition {@code A = Q·R} of a tall matrix by Householder reflections (double
 * precision): Q is rows×cols with orthonormal columns, R is cols×cols upper triangular. Used to
 * decompose ΔW = L·R from its rank-r factors without forming or decomposing the big product.
 *
 * @param q the orthonormal factor, rows×cols
 * @param r the triangular factor, cols×cols
 */
record ThinQr(DenseMatrix q, DenseMatrix r) {

    /**
     * Decomposes a matrix.
     *
     * @param a a matrix with at least as many rows as columns
     * @return its thin QR
     * @throws IllegalArgumentException when {@code a} is wide
     */
    static ThinQr of(DenseMatrix a) {
        int m = a.rows();
        int n = a.cols();
        if (m < n) {
            throw new IllegalArgumentException("thin QR needs rows >= cols, got " + m + "x" + n);
        }
        double[] w = a.data().clone();
        double[][] reflectors = new double[n][];
        for (int k = 0; k < n; k++) {
            double norm = 0;
            for (int i = k; i < m; i++) {
                norm += w[i * n + k] * w[i * n + k];
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                continue; // a zero column: no reflection, R gets a zero diagonal entry
            }
            double alpha = w[k * n + k] > 0 ? -norm : norm;
            double[] v = new double[m - k];
            for (int i = k; i < m; i++) {
                v[i - k] = w[i * n + k];
            }
            v[0] -= alpha;
            double vv = 0;
            for (double x : v) {
                vv += x * x;
            }
            reflectors[k] = v;
            reflect(w, n, k, v, vv, k, n);
        }
        double[] r = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(w, i * n + i, r, i * n + i, n - i);
        }
        // Q = H_0 … H_{n-1} applied to the first n columns of the identity, last reflector first.
        double[] q = new double[m * n];
        for (int i = 0; i < n; i++) {
            q[i * n + i] = 1;
        }
        for (int k = n - 1; k >= 0; k--) {
            double[] v = reflectors[k];
            if (v == null) {
                continue;
            }
            double vv = 0;
            for (double x : v) {
                vv += x * x;
            }
            reflect(q, n, k, v, vv, 0, n);
        }
        return new ThinQr(new DenseMatrix(m, n, q), new DenseMatrix(n, n, r));
    }

    /** Applies {@code I - 2·v·vᵀ/(vᵀv)} to rows k.. of columns [from, to) of a row-major matrix. */
    private static void reflect(double[] a, int cols, int k, double[] v, double vv, int from, int to) {
        for (int j = from; j < to; j++) {
            double dot = 0;
            for (int i = 0; i < v.length; i++) {
                dot += v[i] * a[(k + i) * cols + j];
            }
            double f = 2 * dot / vv;
            for (int i = 0; i < v.length; i++) {
                a[(k + i) * cols + j] -= f * v[i];
            }
        }
    }
}
