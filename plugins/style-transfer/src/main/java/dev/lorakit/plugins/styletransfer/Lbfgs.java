package dev.lorakit.plugins.styletransfer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Limited-memory BFGS as PyTorch's {@code torch.optim.LBFGS}: the two-loop recursion over the
 * last {@code history_size} curvature pairs, the first step scaled by {@code min(1, 1/|g|₁)},
 * and either a fixed step ({@code line_search_fn=None}) or the strong-Wolfe line search with
 * cubic interpolation ({@code line_search_fn="strong_wolfe"}), with torch's stopping tests
 * ({@code tolerance_grad}, {@code tolerance_change}). Vectors are Java {@code double[]}: the
 * recursion's dot products over a 256×256 picture (196,608 values) cost little next to one
 * pass through the loss network.
 *
 * <pre>{@code
 * Lbfgs lbfgs = Lbfgs.builder().optLineSearch(Lbfgs.LineSearch.STRONG_WOLFE).build();
 * Lbfgs.Result r = lbfgs.minimize((x, grad) -> rosenbrock(x, grad), new double[] {-1.5, 2}, 100);
 * }</pre>
 */
public final class Lbfgs {

    /** A function to minimise with its gradient. */
    @FunctionalInterface
    public interface Objective {
        /**
         * Evaluates the function.
         *
         * @param x the point (not to be modified)
         * @param gradient receives the gradient at {@code x} (same length)
         * @return the value at {@code x}
         */
        double evaluate(double[] x, double[] gradient);
    }

    /** How the step length along each search direction is chosen. */
    public enum LineSearch {
        /** The fixed step {@code learning_rate} (torch's default). */
        NONE,
        /** A strong-Wolfe search (torch's {@code "strong_wolfe"}). */
        STRONG_WOLFE
    }

    /**
     * The outcome of {@link #minimize}.
     *
     * @param x the last point
     * @param value the function at {@code x}
     * @param iterations L-BFGS iterations run
     * @param evaluations function evaluations, line searches included
     * @param values the function value at the start of each iteration
     */
    public record Result(double[] x, double value, int iterations, int evaluations, double[] values) {}

    private final double learningRate;
    private final int historySize;
    private final double toleranceGrad;
    private final double toleranceChange;
    private final LineSearch lineSearch;

    private Lbfgs(Builder b) {
        this.learningRate = b.learningRate;
        this.historySize = b.historySize;
        this.toleranceGrad = b.toleranceGrad;
        this.toleranceChange = b.toleranceChange;
        this.lineSearch = b.lineSearch;
    }

    /**
     * A builder with torch's defaults ({@code lr=1, history_size=100, tolerance_grad=1e-7,
     * tolerance_change=1e-9}, no line search).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs up to {@code maxIterations} iterations from {@code start} (torch's {@code step} with
     * {@code max_iter = maxIterations} and {@code max_eval = 1.25 × max_iter}).
     *
     * @param f the objective
     * @param start the initial point (not modified)
     * @param maxIterations >= 1
     * @return the last point and what it took
     */
    public Result minimize(Objective f, double[] start, int maxIterations) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("L-BFGS iterations must be >= 1, got " + maxIterations);
        }
        int maxEvals = maxIterations * 5 / 4;
        int n = start.length;
        double[] x = start.clone();
        double[] g = new double[n];
        double loss = f.evaluate(x, g);
        int evals = 1;
        List<Double> values = new ArrayList<>();
        if (maxAbs(g) <= toleranceGrad) {
            return new Result(x, loss, 0, evals, new double[] {loss});
        }
        Deque<double[]> oldDirs = new ArrayDeque<>();
        Deque<double[]> oldSteps = new ArrayDeque<>();
        Deque<Double> rhos = new ArrayDeque<>();
        double hDiag = 1;
        double[] d = null;
        double[] prevGrad = null;
        double t = learningRate;
        int iter = 0;
        while (iter < maxIterations) {
            iter++;
            values.add(loss);
            if (iter == 1) {
                d = scaled(g, -1);
            } else {
                double[] y = diff(g, prevGrad);
                double[] s = scaled(d, t);
                double ys = dot(y, s);
                if (ys > 1e-10) {
                    if (oldDirs.size() == historySize) {
                        oldDirs.removeFirst();
                        oldSteps.removeFirst();
                        rhos.removeFirst();
                    }
                    oldDirs.addLast(y);
                    oldSteps.addLast(s);
                    rhos.addLast(1 / ys);
                    hDiag = ys / dot(y, y);
                }
                d = twoLoop(g, oldDirs, oldSteps, rhos, hDiag);
            }
            prevGrad = g.clone();
            double prevLoss = loss;
            t = iter == 1 ? Math.min(1, 1 / sumAbs(g)) * learningRate : learningRate;
            double gtd = dot(g, d);
            if (gtd > -toleranceChange) {
                break;
            }
            int lsEvals;
            if (lineSearch == LineSearch.STRONG_WOLFE) {
                WolfeResult w = strongWolfe(f, x, t, d, loss, g, gtd);
                loss = w.value;
                g = w.gradient;
                t = w.step;
                lsEvals = w.evaluations;
                addScaled(x, d, t);
            } else {
                addScaled(x, d, t);
                lsEvals = 0;
                if (iter != maxIterations) {
                    loss = f.evaluate(x, g);
                    lsEvals = 1;
                }
            }
            evals += lsEvals;
            if (iter == maxIterations || evals >= maxEvals || maxAbs(g) <= toleranceGrad
                    || maxAbs(d) * Math.abs(t) <= toleranceChange || Math.abs(loss - prevLoss) < toleranceChange) {
                break;
            }
        }
        if (lineSearch == LineSearch.NONE && iter == maxIterations) {
            // torch skips the last evaluation; the caller still wants the value at x.
            loss = f.evaluate(x, g);
            evals++;
        }
        return new Result(x, loss, iter, evals, values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double[] twoLoop(double[] g, Deque<double[]> dirs, Deque<double[]> steps, Deque<Double> rhos, double hDiag) {
        int m = dirs.size();
        double[][] y = dirs.toArray(new double[0][]);
        double[][] s = steps.toArray(new double[0][]);
        Double[] ro = rhos.toArray(new Double[0]);
        double[] al = new double[m];
        double[] q = scaled(g, -1);
        for (int i = m - 1; i >= 0; i--) {
            al[i] = dot(s[i], q) * ro[i];
            addScaled(q, y[i], -al[i]);
        }
        double[] r = scaled(q, hDiag);
        for (int i = 0; i < m; i++) {
            double be = dot(y[i], r) * ro[i];
            addScaled(r, s[i], al[i] - be);
        }
        return r;
    }

    private record WolfeResult(double value, double[] gradient, double step, int evaluations) {}

    /** torch's {@code _strong_wolfe} with c1 = 1e-4, c2 = 0.9, at most 25 evaluations. */
    private WolfeResult strongWolfe(Objective f, double[] x0, double t, double[] d, double f0, double[] g0, double gtd0) {
        final double c1 = 1e-4;
        final double c2 = 0.9;
        final int maxLs = 25;
        double dNorm = maxAbs(d);
        double[] gNew = new double[x0.length];
        double fNew = f.evaluate(moved(x0, d, t), gNew);
        int evals = 1;
        double gtdNew = dot(gNew, d);
        double tPrev = 0;
        double fPrev = f0;
        double[] gPrev = g0.clone();
        double gtdPrev = gtd0;
        boolean done = false;
        int lsIter = 0;
        double[] bt = null;
        double[] bf = null;
        double[][] bg = null;
        double[] bgtd = null;
        while (lsIter < maxLs) {
            boolean armijoFails = fNew > f0 + c1 * t * gtd0 || (lsIter > 1 && fNew >= fPrev);
            if (!armijoFails && Math.abs(gtdNew) <= -c2 * gtd0) {
                bt = new double[] {t, t};
                bf = new double[] {fNew, fNew};
                bg = new double[][] {gNew.clone(), gNew.clone()};
                bgtd = new double[] {gtdNew, gtdNew};
                done = true;
                break;
            }
            if (armijoFails || gtdNew >= 0) {
                bt = new double[] {tPrev, t};
                bf = new double[] {fPrev, fNew};
                bg = new double[][] {gPrev, gNew.clone()};
                bgtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew.clone();
            gtdPrev = gtdNew;
            fNew = f.evaluate(moved(x0, d, t), gNew);
            evals++;
            gtdNew = dot(gNew, d);
            lsIter++;
        }
        if (lsIter == maxLs) {
            bt = new double[] {0, t};
            bf = new double[] {f0, fNew};
            bg = new double[][] {g0, gNew.clone()};
            bgtd = new double[] {gtd0, gtdNew};
        }
        // Zoom: shrink the bracket until the strong Wolfe conditions hold.
        boolean insufficientProgress = false;
        int low = bf[0] <= bf[1] ? 0 : 1;
        int high = 1 - low;
        while (!done && lsIter < maxLs) {
            if (Math.abs(bt[1] - bt[0]) * dNorm < toleranceChange) {
                break;
            }
            double lo = Math.min(bt[0], bt[1]);
            double hi = Math.max(bt[0], bt[1]);
            t = cubicInterpolate(bt[0], bf[0], bgtd[0], bt[1], bf[1], bgtd[1], lo, hi);
            double eps = 0.1 * (hi - lo);
            if (Math.min(hi - t, t - lo) < eps) {
                if (insufficientProgress || t >= hi || t <= lo) {
                    t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            fNew = f.evaluate(moved(x0, d, t), gNew);
            evals++;
            gtdNew = dot(gNew, d);
            lsIter++;
            if (fNew > f0 + c1 * t * gtd0 || fNew >= bf[low]) {
                bt[high] = t;
                bf[high] = fNew;
                bg[high] = gNew.clone();
                bgtd[high] = gtdNew;
                low = bf[0] <= bf[1] ? 0 : 1;
                high = 1 - low;
            } else {
                if (Math.abs(gtdNew) <= -c2 * gtd0) {
                    done = true;
                } else if (gtdNew * (bt[high] - bt[low]) >= 0) {
                    bt[high] = bt[low];
                    bf[high] = bf[low];
                    bg[high] = bg[low];
                    bgtd[high] = bgtd[low];
                }
                bt[low] = t;
                bf[low] = fNew;
                bg[low] = gNew.clone();
                bgtd[low] = gtdNew;
            }
        }
        return new WolfeResult(bf[low], bg[low].clone(), bt[low], evals);
    }

    /** The minimiser of the cubic through two points with their slopes, kept in [lo, hi]. */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lo, double hi) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return Double.isNaN(minPos) ? (lo + hi) / 2 : Math.min(Math.max(minPos, lo), hi);
        }
        return (lo + hi) / 2;
    }

    private static double[] moved(double[] x, double[] d, double t) {
        double[] out = x.clone();
        addScaled(out, d, t);
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void addScaled(double[] target, double[] v, double k) {
        for (int i = 0; i < target.length; i++) {
            target[i] += k * v[i];
        }
    }

    private static double[] scaled(double[] v, double k) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = k * v[i];
        }
        return out;
    }

    private static double[] diff(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    private static double maxAbs(double[] v) {
        return Arrays.stream(v).map(Math::abs).max().orElse(0);
    }

    private static double sumAbs(double[] v) {
        return Arrays.stream(v).map(Math::abs).sum();
    }

    /** Builds an {@link Lbfgs}. */
    public static final class Builder {
        private double learningRate = 1;
        private int historySize = 100;
        private double toleranceGrad = 1e-7;
        private double toleranceChange = 1e-9;
        private LineSearch lineSearch = LineSearch.NONE;

        private Builder() {}

        /**
         * The step length (fixed step) or the line search's first trial step.
         *
         * @param learningRate > 0 (default 1)
         * @return this builder
         */
        public Builder optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /**
         * Curvature pairs kept.
         *
         * @param historySize >= 1 (default 100)
         * @return this builder
         */
        public Builder optHistorySize(int historySize) {
            this.historySize = historySize;
            return this;
        }

        /**
         * Stopping tolerances: on the largest gradient entry, and on changes of the value or
         * the point.
         *
         * @param grad default 1e-7
         * @param change default 1e-9
         * @return this builder
         */
        public Builder optTolerances(double grad, double change) {
            this.toleranceGrad = grad;
            this.toleranceChange = change;
            return this;
        }

        /**
         * How the step is chosen.
         *
         * @param lineSearch default {@link LineSearch#NONE}
         * @return this builder
         */
        public Builder optLineSearch(LineSearch lineSearch) {
            this.lineSearch = java.util.Objects.requireNonNull(lineSearch, "lineSearch");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the optimiser
         */
        public Lbfgs build() {
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("L-BFGS learning rate must be > 0, got " + learningRate);
            }
            if (historySize < 1) {
                throw new IllegalArgumentException("L-BFGS history size must be >= 1, got " + historySize);
            }
            if (!(toleranceGrad >= 0) || !(toleranceChange >= 0)) {
                throw new IllegalArgumentException("L-BFGS tolerances must be >= 0, got grad " + toleranceGrad
                        + ", change " + toleranceChange);
            }
            return new Lbfgs(this);
        }
    }
}
