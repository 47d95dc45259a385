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

    private static final double S1_HI = -INV_FACT_HI[3];
    private static final double S1_LO = -INV_FACT_LO[3];

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
        double v = (quadrant & 1) == 0 ? fastSin(rh, rl) : fastCos(rh, rl);
        if (Double.isNaN(v)) {
            v = (quadrant & 1) == 0 ? sinKernel(rh, rl) : cosKernel(rh, rl);
        }
        return quadrant >= 2 ? -v : v;
    }

    // Ziv's strategy: an evaluation good to better than 2^-57 relative decides the rounding unless
    // the result lies within that error of a rounding boundary (a few calls in 100); then NaN sends
    // the caller to the double-double kernel.
    private static final double FAST_ERROR = 0x1p-57;

    // sin(r) = r - r^3/6 + r^5 * S(z); the r^3 term in double-double, the rest in double.
    static double fastSin(double rh, double rl) {
        double zh = rh * rh;
        double zl = Math.fma(rh, rh, -zh);
        double w = rh * zh;
        double wl = Math.fma(rh, zh, -w) + rh * zl;
        double a = w * S1_HI;
        double al = Math.fma(w, S1_HI, -a) + (w * S1_LO + wl * S1_HI);
        double rest = w * zh * (INV_FACT_HI[5] + zh * (-INV_FACT_HI[7] + zh * (INV_FACT_HI[9] + zh * (-INV_FACT_HI[11]
                + zh * (INV_FACT_HI[13] + zh * (-INV_FACT_HI[15] + zh * INV_FACT_HI[17]))))));
        double sh = rh + a;
        double bb = sh - rh;
        double lo = (rh - (sh - bb)) + (a - bb) + al + rest + rl * (1 - 0.5 * zh + zh * zh * INV_FACT_HI[4]);
        return decide(sh, lo);
    }

    // cos(r) = 1 - z/2 + z^2/24 + z^3 * C(z); z/2 and z^2/24 in double-double, the rest in double.
    static double fastCos(double rh, double rl) {
        double zh = rh * rh;
        double zl = Math.fma(rh, rh, -zh);
        double hh = -0.5 * zh;
        double hl = -0.5 * zl;
        double qh = zh * zh;
        double ql = Math.fma(zh, zh, -qh) + 2 * zh * zl;
        double c = qh * INV_FACT_HI[4];
        double cl = Math.fma(qh, INV_FACT_HI[4], -c) + (qh * INV_FACT_LO[4] + ql * INV_FACT_HI[4]);
        double rest = qh * zh * (-INV_FACT_HI[6] + zh * (INV_FACT_HI[8] + zh * (-INV_FACT_HI[10] + zh * (INV_FACT_HI[12]
                + zh * (-INV_FACT_HI[14] + zh * (INV_FACT_HI[16] - zh * INV_FACT_HI[18]))))));
        double sh = 1.0 + hh;
        double bb = sh - 1.0;
        double lo = (1.0 - (sh - bb)) + (hh - bb);
        double th = sh + c;
        double tb = th - sh;
        lo += (sh - (th - tb)) + (c - tb) + hl + cl + rest - rl * rh * (1 - zh * INV_FACT_HI[3]);
        return decide(th, lo);
    }

    private static double decide(double sh, double lo) {
        double e = FAST_ERROR * Math.abs(sh);
        double up = sh + (lo + e);
        double down = sh + (lo - e);
        return up == down ? up : Double.NaN;
    }

    // sin(r) = r + r*z*Q(z), z = r^2, Q(z) = sum_j (-1)^(j+1) z^j / (2j+3)!; double-double held in
    // local pairs (no arrays) so that the JIT keeps everything in registers.
    static double sinKernel(double rh, double rl) {
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
    static double cosKernel(double rh, double rl) {
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
