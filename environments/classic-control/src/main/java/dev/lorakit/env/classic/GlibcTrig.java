package dev.lorakit.env.classic;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * {@code sin} and {@code cos} giving the same double bits as glibc's x86-64 libm (2.28 and later,
 * the FMA variant {@code __sin_fma}/{@code __cos_fma} chosen on CPUs with FMA and AVX2), which is
 * what Gymnasium gets: numpy's float64 {@code np.sin}/{@code np.cos} and Python's
 * {@code math.sin}/{@code math.cos} both call it on such machines (checked: identical on 6
 * million random arguments). glibc's results are not correctly rounded (below 0.55 ulp), so
 * {@link StrictMath}, {@link Math} or a correctly rounded kernel differ in the last bit in about
 * 0.1-3% of calls, which Acrobot's chaotic dynamics amplify over hundreds of steps.
 *
 * <p>The algorithm is IBM's Accurate Mathematical Library as glibc ships it
 * ({@code sysdeps/ieee754/dbl-64/s_sin.c}): a 3-part Cody-Waite reduction by pi/2 below
 * 105414350, a table of sin/cos at multiples of 1/128 each as a double plus a correction, and short
 * polynomials. Every operation is in the same order, and {@link Math#fma} stands exactly where
 * GCC contracted a multiply-add into one FMA instruction in that build (read from the
 * disassembly of libm.so.6 from Debian's glibc 2.36), because a fused and an unfused
 * multiply-add round differently.
 *
 * <p>Arguments of magnitude {@link #EXACT_LIMIT} (about 1.05e8) and more, where glibc switches to
 * a multi-word reduction ({@code branred.c}), use {@link StrictMath} and may differ in the last
 * bit; classic-control states never come near them.
 */
final class GlibcTrig {

    /** Below this magnitude the results are glibc's bit for bit (glibc's high-word test 0x419921fb). */
    static final double EXACT_LIMIT = 0x1.921fbp26;

    // Reduction by pi/2: x*2/pi rounded with the 1.5*2^52 trick, pi/2 split in four parts.
    private static final double HPINV = 0x1.45f306dc9c883p-1;
    private static final double TOINT = 0x1.8p52;
    private static final double MP1 = 0x1.921fb58p0;
    private static final double MP2 = -0x1.dde973cp-27;
    private static final double PP3 = -0x1.cb3b398p-55;
    private static final double PP4 = -0x1.d747f23e32ed7p-83;
    // pi/2 as a double and its remainder.
    private static final double HP0 = 0x1.921fb54442d18p0;
    private static final double HP1 = 0x1.1a62633145c07p-54;
    // 1.5*2^45: adding it rounds |x| to a multiple of 1/128, whose index is then the low word.
    private static final double BIG = 0x1.8p45;
    // Taylor coefficients of sin for |x| < 0.126.
    private static final double S1 = -0x1.5555555555555p-3;
    private static final double S2 = 0x1.1111111110ecep-7;
    private static final double S3 = -0x1.a01a019db08b8p-13;
    private static final double S4 = 0x1.71de27b9a7ed9p-19;
    private static final double S5 = -0x1.addffc2fcdf59p-26;
    // Short sin/cos polynomials around the table points (|x - i/128| <= 1/256).
    private static final double SN3 = -0x1.5555555555515p-3;
    private static final double SN5 = 0x1.11110e829872fp-7;
    private static final double CS2 = 0.5;
    private static final double CS4 = -0x1.5555555555535p-5;
    private static final double CS6 = 0x1.6c16bedd9e239p-10;
    private static final double TAYLOR_LIMIT = 0.126;

    // (table index, signed ulp steps) where glibc 2.36's __sincostab is not the correctly
    // rounded rest; found by comparing with the table in libm.so.6.
    private static final int[] GLIBC_STEPS = {
        9, -1, 41, -1, 93, -39, 107, 1, 109, -1, 133, -1, 137, -1, 145, 1, 161, -2,
        179, -1, 283, 1, 301, -1, 303, 2, 319, 1, 341, -1, 361, -2, 377, 1, 429, 1,
    };

    /** sin(i/128), its correction, cos(i/128), its correction, for i = 0..109. */
    private static final double[] TABLE = table();

    private GlibcTrig() {}

    /**
     * glibc's {@code sin(x)}.
     *
     * @param x the argument in radians
     * @return the sine, bit-identical to glibc's for |x| below {@link #EXACT_LIMIT}
     */
    static double sin(double x) {
        int k = highWord(x) & 0x7fffffff;
        if (k < 0x3e500000) {
            return x;
        } else if (k < 0x3feb6000) {
            return doSin(x, 0);
        } else if (k < 0x400368fd) {
            double t = HP0 - Math.abs(x);
            return Math.copySign(doCos(t, HP1), x);
        } else if (k < 0x419921fb) {
            return reduceAndEvaluate(x, 0);
        } else if (k < 0x7ff00000) {
            return StrictMath.sin(x);
        }
        return Double.NaN;
    }

    /**
     * glibc's {@code cos(x)}.
     *
     * @param x the argument in radians
     * @return the cosine, bit-identical to glibc's for |x| below {@link #EXACT_LIMIT}
     */
    static double cos(double x) {
        int k = highWord(x) & 0x7fffffff;
        if (k < 0x3e400000) {
            return 1.0;
        } else if (k < 0x3feb6000) {
            return doCos(x, 0);
        } else if (k < 0x400368fd) {
            double y = HP0 - Math.abs(x);
            double a = y + HP1;
            double da = (y - a) + HP1;
            return doSin(a, da);
        } else if (k < 0x419921fb) {
            return reduceAndEvaluate(x, 1);
        } else if (k < 0x7ff00000) {
            return StrictMath.cos(x);
        }
        return Double.NaN;
    }

    private static int highWord(double x) {
        return (int) (Double.doubleToRawLongBits(x) >>> 32);
    }

    private static int lowWord(double x) {
        return (int) Double.doubleToRawLongBits(x);
    }

    /** x = n*pi/2 + (a + da), then sin or cos of a + da by the quadrant n (+1 for cos). */
    private static double reduceAndEvaluate(double x, int shift) {
        double t = Math.fma(x, HPINV, TOINT);
        double xn = t - TOINT;
        int n = (lowWord(t) + shift) & 3;
        double y = Math.fma(-xn, MP2, Math.fma(-xn, MP1, x));
        double t2 = Math.fma(-xn, PP3, y);
        double db = Math.fma(-xn, PP3, y - t2);
        double b = Math.fma(-xn, PP4, t2);
        db = db + Math.fma(-xn, PP4, t2 - b);
        double r = (n & 1) != 0 ? doCos(b, db) : doSin(b, db);
        return (n & 2) != 0 ? -r : r;
    }

    /** sin(x + dx) for |x| < 0.855469. */
    private static double doSin(double x, double dx) {
        if (Math.abs(x) < TAYLOR_LIMIT) {
            double xx = x * x;
            double poly = Math.fma(xx, Math.fma(xx, Math.fma(xx, Math.fma(xx, S5, S4), S3), S2), S1);
            double t = Math.fma(xx, Math.fma(poly, x, -(0.5 * dx)), dx);
            return x + t;
        }
        double xold = x;
        if (x <= 0) {
            dx = -dx;
        }
        double ax = Math.abs(x);
        double u = BIG + ax;
        int i = lowWord(u) << 2;
        x = ax - (u - BIG);
        double xx = x * x;
        double s = x + Math.fma(x * xx, Math.fma(xx, SN5, SN3), dx);
        double c = Math.fma(x, dx, xx * Math.fma(xx, Math.fma(xx, CS6, CS4), CS2));
        double sn = TABLE[i];
        double cor = Math.fma(s, TABLE[i + 2], Math.fma(-c, sn, Math.fma(s, TABLE[i + 3], TABLE[i + 1])));
        return Math.copySign(sn + cor, xold);
    }

    /** cos(x + dx) for |x| < 0.855469. */
    private static double doCos(double x, double dx) {
        if (x < 0) {
            dx = -dx;
        }
        double ax = Math.abs(x);
        double u = BIG + ax;
        int i = lowWord(u) << 2;
        x = (ax - (u - BIG)) + dx;
        double xx = x * x;
        double s = Math.fma(x * xx, Math.fma(xx, SN5, SN3), x);
        double c = xx * Math.fma(xx, Math.fma(xx, CS6, CS4), CS2);
        double cs = TABLE[i + 2];
        double cor = Math.fma(-s, TABLE[i], Math.fma(-c, cs, Math.fma(-s, TABLE[i + 1], TABLE[i + 3])));
        return cs + cor;
    }

    /**
     * glibc's table {@code __sincostab}: for x = i/128, sin(x) rounded, the rest sin(x) - sn
     * rounded, and the same for cos. Computed here from 60-digit Taylor series. glibc's
     * corrections were computed to about 2^-118 rather than correctly rounded: 18 of the 220
     * differ from the correctly rounded rest by 1 to 39 units of their last place, which
     * {@link #GLIBC_STEPS} re-applies (index into the table, then steps by {@link Math#nextUp}).
     */
    private static double[] table() {
        MathContext mc = new MathContext(60);
        double[] table = new double[440];
        for (int i = 0; i < 110; i++) {
            BigDecimal x = BigDecimal.valueOf(i).divide(BigDecimal.valueOf(128), mc);
            BigDecimal[] sinCos = sinCos(x, mc);
            for (int part = 0; part < 2; part++) {
                double hi = sinCos[part].doubleValue();
                table[4 * i + 2 * part] = hi;
                table[4 * i + 2 * part + 1] = sinCos[part].subtract(new BigDecimal(hi), mc).doubleValue();
            }
        }
        for (int j = 0; j < GLIBC_STEPS.length; j += 2) {
            int index = GLIBC_STEPS[j];
            for (int step = 0; step < Math.abs(GLIBC_STEPS[j + 1]); step++) {
                table[index] = GLIBC_STEPS[j + 1] > 0 ? Math.nextUp(table[index]) : Math.nextDown(table[index]);
            }
        }
        return table;
    }

    /** sin(x) and cos(x) for 0 <= x < 1 to the context's precision. */
    private static BigDecimal[] sinCos(BigDecimal x, MathContext mc) {
        BigDecimal sin = BigDecimal.ZERO;
        BigDecimal cos = BigDecimal.ZERO;
        BigDecimal term = BigDecimal.ONE; // x^n / n!
        BigDecimal eps = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 5);
        for (int n = 0; term.abs().compareTo(eps) > 0 || n < 2; n++) {
            switch (n & 3) {
                case 0 -> cos = cos.add(term, mc);
                case 1 -> sin = sin.add(term, mc);
                case 2 -> cos = cos.subtract(term, mc);
                default -> sin = sin.subtract(term, mc);
            }
            term = term.multiply(x, mc).divide(BigDecimal.valueOf(n + 1), mc);
        }
        return new BigDecimal[] {sin, cos};
    }
}
