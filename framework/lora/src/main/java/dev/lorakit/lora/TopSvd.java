package dev.lorakit.lora;

import java.util.Random;

/**
 * The top-r singular triplets of a matrix, by subspace iteration with a Rayleigh–Ritz step;
 * PiSSA needs only r ≪ min(m, n) of them and DJL exposes no SVD.
 *
 * @param u left singular vectors, m×r row-major
 * @param s singular values, descending
 * @param vt right singular vectors transposed, r×n row-major
 */
record TopSvd(double[] u, double[] s, double[] vt) {

    private static final int ITERATIONS = 40;

    /**
     * Computes the top-r triplets of a row-major m×n matrix.
     *
     * @param w the matrix
     * @param m rows
     * @param n columns
     * @param r how many triplets, at most min(m, n)
     * @param rng random start
     * @return the triplets
     */
    static TopSvd of(float[] w, int m, int n, int r, Random rng) {
        if (r > Math.min(m, n)) {
            throw new IllegalArgumentException("PiSSA rank " + r + " exceeds min(out, in) = " + Math.min(m, n));
        }
        double[] q = new double[n * r]; // n×r, columns orthonormal
        for (int i = 0; i < q.length; i++) {
            q[i] = rng.nextGaussian();
        }
        orthonormalize(q, n, r, rng);
        double[] z = new double[m * r];
        for (int it = 0; it < ITERATIONS; it++) {
            multiply(w, m, n, q, r, z);
            multiplyTransposed(w, m, n, z, r, q);
            orthonormalize(q, n, r, rng);
        }
        multiply(w, m, n, q, r, z); // z = W Q, m×r
        double[] g = new double[r * r]; // zᵀz
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                double acc = 0;
                for (int k = 0; k < m; k++) {
                    acc += z[k * r + i] * z[k * r + j];
                }
                g[i * r + j] = acc;
            }
        }
        double[] e = new double[r * r];
        double[] lambda = jacobiEigen(g, r, e);
        Integer[] order = new Integer[r];
        for (int i = 0; i < r; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(lambda[b], lambda[a]));
        double[] s = new double[r];
        double[] u = new double[m * r];
        double[] vt = new double[r * n];
        for (int c = 0; c < r; c++) {
            int src = order[c];
            s[c] = Math.sqrt(Math.max(lambda[src], 0));
            for (int k = 0; k < n; k++) {
                double acc = 0;
                for (int j = 0; j < r; j++) {
                    acc += q[k * r + j] * e[j * r + src];
                }
                vt[c * n + k] = acc;
            }
            for (int k = 0; k < m; k++) {
                double acc = 0;
                for (int j = 0; j < r; j++) {
                    acc += z[k * r + j] * e[j * r + src];
                }
                u[k * r + c] = s[c] > 1e-30 ? acc / s[c] : 0;
            }
        }
        return new TopSvd(u, s, vt);
    }

    private static void multiply(float[] w, int m, int n, double[] q, int r, double[] out) {
        java.util.Arrays.fill(out, 0);
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < n; k++) {
                double wik = w[i * n + k];
                if (wik == 0) {
                    continue;
                }
                for (int j = 0; j < r; j++) {
                    out[i * r + j] += wik * q[k * r + j];
                }
            }
        }
    }

    private static void multiplyTransposed(float[] w, int m, int n, double[] z, int r, double[] out) {
        java.util.Arrays.fill(out, 0);
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < n; k++) {
                double wik = w[i * n + k];
                if (wik == 0) {
                    continue;
                }
                for (int j = 0; j < r; j++) {
                    out[k * r + j] += wik * z[i * r + j];
                }
            }
        }
    }

    /** Modified Gram–Schmidt on the columns of a rows×cols matrix; a collapsed column restarts random. */
    private static void orthonormalize(double[] a, int rows, int cols, Random rng) {
        for (int c = 0; c < cols; c++) {
            for (int attempt = 0; attempt < 3; attempt++) {
                for (int p = 0; p < c; p++) {
                    double dot = 0;
                    for (int i = 0; i < rows; i++) {
                        dot += a[i * cols + c] * a[i * cols + p];
                    }
                    for (int i = 0; i < rows; i++) {
                        a[i * cols + c] -= dot * a[i * cols + p];
                    }
                }
                double norm = 0;
                for (int i = 0; i < rows; i++) {
                    norm += a[i * cols + c] * a[i * cols + c];
                }
                norm = Math.sqrt(norm);
                if (norm > 1e-12) {
                    for (int i = 0; i < rows; i++) {
                        a[i * cols + c] /= norm;
                    }
                    break;
                }
                for (int i = 0; i < rows; i++) {
                    a[i * cols + c] = rng.nextGaussian();
                }
            }
        }
    }

    /** Eigen-decomposition of a symmetric r×r matrix by cyclic Jacobi; eigenvectors in the columns of {@code vecs}. */
    private static double[] jacobiEigen(double[] a, int r, double[] vecs) {
        double[] m = a.clone();
        for (int i = 0; i < r; i++) {
            vecs[i * r + i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < r; p++) {
                for (int q = p + 1; q < r; q++) {
                    off += m[p * r + q] * m[p * r + q];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < r; p++) {
                for (int q = p + 1; q < r; q++) {
                    double apq = m[p * r + q];
                    if (Math.abs(apq) < 1e-300) {
                        continue;
                    }
                    double theta = (m[q * r + q] - m[p * r + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < r; k++) {
                        double mkp = m[k * r + p];
                        double mkq = m[k * r + q];
                        m[k * r + p] = c * mkp - s * mkq;
                        m[k * r + q] = s * mkp + c * mkq;
                    }
                    for (int k = 0; k < r; k++) {
                        double mpk = m[p * r + k];
                        double mqk = m[q * r + k];
                        m[p * r + k] = c * mpk - s * mqk;
                        m[q * r + k] = s * mpk + c * mqk;
                    }
                    for (int k = 0; k < r; k++) {
                        double vkp = vecs[k * r + p];
                        double vkq = vecs[k * r + q];
                        vecs[k * r + p] = c * vkp - s * vkq;
                        vecs[k * r + q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] out = new double[r];
        for (int i = 0; i < r; i++) {
            out[i] = m[i * r + i];
        }
        return out;
    }
}
