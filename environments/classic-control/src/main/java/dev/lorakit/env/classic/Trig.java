package dev.lorakit.env.classic;

/**
 * Correctly rounded {@code sin} and {@code cos}, so that the Java environments compute what
 * Gymnasium computes through numpy and {@code math} (glibc's results, which are correctly
 * rounded in all but vanishingly rare cases). {@link StrictMath} (fdlibm) differs from them in
 * the last bit for about 3% of arguments and {@link Math} for about 0.2%, which over hundreds of
 * chaotic steps makes trajectories drift apart.
 *
 * <p>Method: Cody-Waite reduction by pi/2 held in three doubles, then the Taylor series in
 * double-double arithmetic (the small high-order tail in plain double), for an error near
 * 2^-100 before the final rounding. Arguments beyond about 1.6e6 fall back to {@link
 * StrictMath}, far outside any classic-control state.
 */
final class Trig {
    private static final double TWO_OVER_PI = 0.6366197723675814;
    private static final double P1 = 1.5707963267948966;
    private static final double P2 = 6.123233995736766E-17;
    private static final double P3 = -1.4973849048591698E-33;
    private static final double MAX_REDUCED = 1.0e6;

    // 1/n! as double-double for the series terms that need full precision.
    private static final double[] INV_FACT_HI = new double[28];
    private static final double[] INV_FACT_LO = new double[28];

    static {
        double f = 1;
        for (int n = 1; n < 28; n++) {
            f *= n;
            double hi = 1.0 / f;
            INV_FACT_HI[n] = hi;
            // n! is exact in a double up to 18!, so the residual gives the low word exactly enough.
            INV_FACT_LO[n] = n <= 18 ? Math.fma(-hi, f, 1.0) / f : 0.0;
        }
    }

    private Trig() {}

    static double sin(double x) {
        return eval(x, 0);
    }

    static double cos(double x) {
        return eval(x, 1);
    }

    private static double eval(double x, int shift) {
        if (!Double.isFinite(x)) {
            return Double.NaN;
        }
        if (Math.abs(x) > MAX_REDUCED) {
            return shift == 0 ? StrictMath.sin(x) : StrictMath.cos(x);
        }
        double k = Math.rint(x * TWO_OVER_PI);
        double rh;
        double rl;
        if (k == 0) {
            rh = x;
            rl = 0;
        } else {
            // r = x - k*(P1 + P2 + P3) in double-double; x - k*P1 is exact (Sterbenz) for this k.
            double p1 = k * P1;
            double e1 = Math.fma(k, P1, -p1);
            double t = x - p1;
            double p2 = k * P2;
            double e2 = Math.fma(k, P2, -p2);
            double lo = -e1 - p2 - e2 - k * P3;
            rh = t + lo;
            double bb = rh - t;
            rl = (t - (rh - bb)) + (lo - bb);
        }
        int quadrant = ((int) ((long) k & 3) + shift) & 3;
        double v = (quadrant & 1) == 0 ? sinKernel(rh, rl) : cosKernel(rh, rl);
        return quadrant >= 2 ? -v : v;
    }

    // sin(r) = r + r*z*Q(z), z = r^2, Q(z) = sum_j (-1)^(j+1) z^j / (2j+3)!; double-double held in
    // local pairs (no arrays) so that the JIT keeps everything in registers.
    private static double sinKernel(double rh, double rl) {
        double zh = rh * rh;
        double zl = Math.fma(rh, rh, -zh) + 2 * rh * rl;
        double tail = 0;
        for (int j = 11; j >= 7; j--) {
            tail = tail * zh + sign(j + 1) * INV_FACT_HI[2 * j + 3];
        }
        double ah = tail;
        double al = 0;
        for (int j = 6; j >= 0; j--) {
            int n = 2 * j + 3;
            double ch = sign(j + 1) * INV_FACT_HI[n];
            double cl = sign(j + 1) * INV_FACT_LO[n];
            // a = a * z + c; |a*z| < |c| in this series, so the sum has no cancellation.
            double ph = ah * zh;
            double pl = Math.fma(ah, zh, -ph) + (ah * zl + al * zh);
            double sh = ph + ch;
            double bb = sh - ph;
            double sl = (ph - (sh - bb)) + (ch - bb) + pl + cl;
            ah = sh + sl;
            al = sl - (ah - sh);
        }
        // t = (r * z) * a
        double qh = rh * zh;
        double ql = Math.fma(rh, zh, -qh) + (rh * zl + rl * zh);
        double th = qh * ah;
        double tl = Math.fma(qh, ah, -th) + (qh * al + ql * ah);
        double sh = rh + th;
        double bb = sh - rh;
        double sl = (rh - (sh - bb)) + (th - bb) + rl + tl;
        return sh + sl;
    }

    // cos(r) = 1 + z*C(z), C(z) = sum_j (-1)^(j+1) z^j / (2j+2)!
    private static double cosKernel(double rh, double rl) {
        double zh = rh * rh;
        double zl = Math.fma(rh, rh, -zh) + 2 * rh * rl;
        double tail = 0;
        for (int j = 12; j >= 7; j--) {
            tail = tail * zh + sign(j + 1) * INV_FACT_HI[2 * j + 2];
        }
        double ah = tail;
        double al = 0;
        for (int j = 6; j >= 0; j--) {
            int n = 2 * j + 2;
            double ch = sign(j + 1) * INV_FACT_HI[n];
            double cl = sign(j + 1) * INV_FACT_LO[n];
            double ph = ah * zh;
            double pl = Math.fma(ah, zh, -ph) + (ah * zl + al * zh);
            double sh = ph + ch;
            double bb = sh - ph;
            double sl = (ph - (sh - bb)) + (ch - bb) + pl + cl;
            ah = sh + sl;
            al = sl - (ah - sh);
        }
        double th = zh * ah;
        double tl = Math.fma(zh, ah, -th) + (zh * al + zl * ah);
        double sh = 1.0 + th;
        double bb = sh - 1.0;
        double sl = (1.0 - (sh - bb)) + (th - bb) + tl;
        return sh + sl;
    }

    private static double sign(int j) {
        return (j & 1) == 0 ? 1.0 : -1.0;
    }
}
