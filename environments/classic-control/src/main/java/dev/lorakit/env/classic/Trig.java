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
        // r = x - k*(P1 + P2 + P3) in double-double; x - k*P1 is exact (Sterbenz) given k's choice.
        double p1 = k * P1;
        double e1 = Math.fma(k, P1, -p1);
        double t = x - p1;
        double p2 = k * P2;
        double e2 = Math.fma(k, P2, -p2);
        double[] r = twoSum(t, -e1);
        r = add(r[0], r[1], -p2, -e2 - k * P3);
        int quadrant = ((int) ((long) k & 3) + shift) & 3;
        double v = (quadrant & 1) == 0 ? sinKernel(r[0], r[1]) : cosKernel(r[0], r[1]);
        return quadrant >= 2 ? -v : v;
    }

    // sin(r) = r + r*z*Q(z), z = r^2, Q(z) = sum_j (-1)^(j+1) z^j / (2j+3)!
    private static double sinKernel(double rh, double rl) {
        double[] z = mul(rh, rl, rh, rl);
        double zd = z[0];
        double tail = 0;
        for (int j = 11; j >= 7; j--) {
            tail = tail * zd + sign(j + 1) * INV_FACT_HI[2 * j + 3];
        }
        double[] acc = {tail, 0};
        for (int j = 6; j >= 0; j--) {
            acc = mul(acc[0], acc[1], z[0], z[1]);
            acc = add(acc[0], acc[1], sign(j + 1) * INV_FACT_HI[2 * j + 3], sign(j + 1) * INV_FACT_LO[2 * j + 3]);
        }
        double[] rz = mul(rh, rl, z[0], z[1]);
        double[] term = mul(rz[0], rz[1], acc[0], acc[1]);
        double[] s = add(rh, rl, term[0], term[1]);
        return s[0] + s[1];
    }

    // cos(r) = 1 + z*C(z), C(z) = sum_j (-1)^(j+1) z^j / (2j+2)!
    private static double cosKernel(double rh, double rl) {
        double[] z = mul(rh, rl, rh, rl);
        double zd = z[0];
        double tail = 0;
        for (int j = 12; j >= 7; j--) {
            tail = tail * zd + sign(j + 1) * INV_FACT_HI[2 * j + 2];
        }
        double[] acc = {tail, 0};
        for (int j = 6; j >= 0; j--) {
            acc = mul(acc[0], acc[1], z[0], z[1]);
            acc = add(acc[0], acc[1], sign(j + 1) * INV_FACT_HI[2 * j + 2], sign(j + 1) * INV_FACT_LO[2 * j + 2]);
        }
        double[] term = mul(z[0], z[1], acc[0], acc[1]);
        double[] s = add(1.0, 0.0, term[0], term[1]);
        return s[0] + s[1];
    }

    private static double sign(int j) {
        return (j & 1) == 0 ? 1.0 : -1.0;
    }

    private static double[] twoSum(double a, double b) {
        double s = a + b;
        double bb = s - a;
        double err = (a - (s - bb)) + (b - bb);
        return new double[] {s, err};
    }

    private static double[] quickTwoSum(double a, double b) {
        double s = a + b;
        return new double[] {s, b - (s - a)};
    }

    private static double[] add(double ah, double al, double bh, double bl) {
        double[] s = twoSum(ah, bh);
        double[] t = twoSum(al, bl);
        double[] u = quickTwoSum(s[0], s[1] + t[0]);
        return quickTwoSum(u[0], u[1] + t[1]);
    }

    private static double[] mul(double ah, double al, double bh, double bl) {
        double p = ah * bh;
        double e = Math.fma(ah, bh, -p);
        e += ah * bl + al * bh;
        return quickTwoSum(p, e);
    }
}
