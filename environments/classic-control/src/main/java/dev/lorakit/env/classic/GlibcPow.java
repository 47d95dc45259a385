package dev.lorakit.env.classic;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * {@code x**2} as Gymnasium computes it for a Python or numpy float64 scalar: glibc's
 * {@code pow(x, 2.0)} (x86-64 FMA variant, glibc 2.28 and later), which is not always
 * {@code x * x}: pow is accurate to 0.52 ulp, not correctly rounded, so about 0.08% of squares
 * differ in the last bit, enough to change Acrobot trajectories ({@code dtheta**2}).
 *
 * <p>The algorithm is glibc's {@code e_pow.c} (from ARM's optimized-routines): log(x) as a
 * double-double from a 128-entry table and a degree-8 polynomial, then exp(y log x) from a
 * 128-entry table of 2^(i/128) and a degree-5 polynomial. {@link Math#fma} stands where that
 * build fused a multiply-add (read from the disassembly of Debian's glibc 2.36 libm.so.6). Both
 * tables are generated here as glibc documents them, and equal glibc's bit for bit.
 *
 * <p>{@link #squareFloat} is the same for a numpy float32 scalar ({@code u**2} in Pendulum's
 * cost): glibc's {@code powf} ({@code e_powf.c}), log2 from a 16-entry table and exp2 from a
 * 32-entry one, in double, rounded to float once at the end.
 */
final class GlibcPow {

    private static final int N = 128;
    private static final long OFF = 0x3fe6955500000000L;
    private static final double LN2_HI = 0x1.62e42fefa3800p-1;
    private static final double LN2_LO = 0x1.ef35793c76730p-45;
    private static final double A0 = -0x1.0000000000000p-1;
    private static final double A1 = -0x1.5555555555560p-1;
    private static final double A2 = 0x1.0000000000006p-1;
    private static final double A3 = 0x1.999999959554ep-1;
    private static final double A4 = -0x1.555555529a47ap-1;
    private static final double A5 = -0x1.2495b9b4845e9p+0;
    private static final double A6 = 0x1.0002b8b263fc3p+0;
    private static final double INV_LN2_N = 0x1.71547652b82fep+7;
    private static final double NEG_LN2_HI_N = -0x1.62e42fefa0000p-8;
    private static final double NEG_LN2_LO_N = -0x1.cf79abc9e3b3ap-47;
    private static final double C2 = 0x1.ffffffffffdbdp-2;
    private static final double C3 = 0x1.555555555543cp-3;
    private static final double C4 = 0x1.55555cf172b91p-5;
    private static final double C5 = 0x1.1111167a4d017p-7;
    private static final double SHIFT = 0x1.8p52;

    // log table: 1/c, round(log(c), 2^-43), the rest of log(c)
    private static final double[] INVC = new double[N];
    private static final double[] LOGC = new double[N];
    private static final double[] LOGCTAIL = new double[N];
    // exp table: 2^(i/128) rounded (as bits minus i << 45, so adding k << 45 scales it), and
    // 2^(i/128) / that - 1
    private static final long[] SCALE_BITS = new long[N];
    private static final double[] TAIL = new double[N];

    static {
        MathContext mc = new MathContext(60);
        for (int i = 0; i < N; i++) {
            // 1/c = round(N/center)/N for centers below 1, round(2N/center)/(2N) above: few
            // bits, so z/c - 1 is exact.
            double center = Double.longBitsToDouble(OFF + ((long) i << 45) + (1L << 44));
            INVC[i] = center < 1 ? Math.rint(N / center) / N : Math.rint(2 * N / center) / N / 2;
            BigDecimal logC = BigLog.ln(BigDecimal.ONE.divide(new BigDecimal(INVC[i]), mc), mc);
            LOGC[i] = logC.multiply(BigDecimal.valueOf(1L << 43)).setScale(0, RoundingMode.HALF_EVEN).doubleValue()
                    / (1L << 43);
            LOGCTAIL[i] = logC.subtract(new BigDecimal(LOGC[i]), mc).doubleValue();
            BigDecimal exact = BigLog.exp(BigLog.ln(BigDecimal.valueOf(2), mc).multiply(BigDecimal.valueOf(i), mc)
                    .divide(BigDecimal.valueOf(N), mc), mc);
            double scale = exact.doubleValue();
            SCALE_BITS[i] = Double.doubleToRawLongBits(scale) - ((long) i << 45);
            TAIL[i] = exact.divide(new BigDecimal(scale), mc).subtract(BigDecimal.ONE).doubleValue();
        }
    }

    // powf: log2 table. The 1/c values are glibc's (chosen there by a search over candidates near
    // 1/center that minimises the rounding error of log2(c); not derivable by a formula), copied
    // from glibc 2.36's libm; log2(c) is derived from them.
    private static final double[] F_INVC = {
        0x1.661ec79f8f3bep+0, 0x1.571ed4aaf883dp+0, 0x1.49539f0f010b0p+0, 0x1.3c995b0b80385p+0,
        0x1.30d190c8864a5p+0, 0x1.25e227b0b8ea0p+0, 0x1.1bb4a4a1a343fp+0, 0x1.12358f08ae5bap+0,
        0x1.0953f419900a7p+0, 0x1.0000000000000p+0, 0x1.e608cfd9a47acp-1, 0x1.ca4b31f026aa0p-1,
        0x1.b2036576afce6p-1, 0x1.9c2d163a1aa2dp-1, 0x1.886e6037841edp-1, 0x1.767dcf5534862p-1,
    };
    private static final double[] F_LOGC = new double[16];
    private static final int F_OFF = 0x3f330000;
    private static final double F_A0 = 0x1.27616c9496e0bp-2;
    private static final double F_A1 = -0x1.71969a075c67ap-2;
    private static final double F_A2 = 0x1.ec70a6ca7baddp-2;
    private static final double F_A3 = -0x1.7154748bef6c8p-1;
    private static final double F_A4 = 0x1.71547652ab82bp+0;
    // powf: exp2 table of 2^(i/32) (bits minus i << 47) and its polynomial
    private static final long[] F_EXP2 = new long[32];
    private static final double F_SHIFT = 0x1.8p47;
    private static final double F_C0 = 0x1.c6af84b912394p-5;
    private static final double F_C1 = 0x1.ebfce50fac4f3p-3;
    private static final double F_C2 = 0x1.62e42ff0c52d6p-1;

    static {
        MathContext mc = new MathContext(60);
        BigDecimal ln2 = BigLog.ln(BigDecimal.valueOf(2), mc);
        for (int i = 0; i < 16; i++) {
            F_LOGC[i] = BigLog.ln(BigDecimal.ONE.divide(new BigDecimal(F_INVC[i]), mc), mc).divide(ln2, mc).doubleValue();
        }
        for (int i = 0; i < 32; i++) {
            double p = BigLog.exp(ln2.multiply(BigDecimal.valueOf(i), mc).divide(BigDecimal.valueOf(32), mc), mc)
                    .doubleValue();
            F_EXP2[i] = Double.doubleToRawLongBits(p) - ((long) i << 47);
        }
    }

    private GlibcPow() {}

    /**
     * glibc's {@code powf(u, 2.0f)}.
     *
     * @param u any float
     * @return powf(u, 2) with glibc's rounding for 2^-60 < |u| < 2^60; u*u elsewhere
     */
    static float squareFloat(float u) {
        float au = Math.abs(u);
        if (!(au > 0x1p-60f && au < 0x1p60f)) {
            return u * u;
        }
        int ix = Float.floatToRawIntBits(au);
        int tmp = ix - F_OFF;
        int i = (tmp >>> 19) & 15;
        int top = tmp & 0xff800000;
        double z = Float.intBitsToFloat(ix - top);
        double k = top >> 23;
        double r = Math.fma(z, F_INVC[i], -1.0);
        double y0 = k + F_LOGC[i];
        double y = Math.fma(r, F_A0, F_A1);
        double p = Math.fma(r, F_A2, F_A3);
        double r2 = r * r;
        double q = Math.fma(r, F_A4, y0);
        q = Math.fma(r2, p, q);
        double log2u = Math.fma(y, r2 * r2, q);
        double ylogx = 2.0 * log2u;
        double kd = ylogx + F_SHIFT;
        long ki = Double.doubleToRawLongBits(kd);
        kd -= F_SHIFT;
        double er = ylogx - kd;
        double s = Double.longBitsToDouble((ki << 47) + F_EXP2[(int) (ki & 31)]);
        double e = Math.fma(Math.fma(er, F_C0, F_C1), er * er, Math.fma(er, F_C2, 1.0));
        return (float) (e * s);
    }

    /**
     * glibc's {@code pow(x, 2.0)}.
     *
     * @param x any double
     * @return pow(x, 2) with glibc's rounding where x*x is a normal number; x*x elsewhere (zero,
     *     subnormal, overflowing or non-finite squares, where glibc's special cases give it too)
     */
    static double square(double x) {
        double ax = Math.abs(x);
        if (ax == 1.0) {
            return 1.0;
        }
        if (!(ax > 0x1p-500 && ax < 0x1p500)) {
            return x * x;
        }
        long ix = Double.doubleToRawLongBits(ax);
        // log(x) = k ln2 + log(c) + log1p(z/c - 1), as hi + lo
        long tmp = ix - OFF;
        int i = (int) ((tmp >>> 45) & (N - 1));
        double kd = (double) (tmp >> 52);
        double z = Double.longBitsToDouble(ix - (tmp & 0xfff0000000000000L));
        double t1 = Math.fma(kd, LN2_HI, LOGC[i]);
        double lo1 = Math.fma(kd, LN2_LO, LOGCTAIL[i]);
        double r = Math.fma(z, INVC[i], -1.0);
        double ar = r * A0;
        double q1 = Math.fma(r, A2, A1);
        double q2 = Math.fma(r, A4, A3);
        double t2 = r + t1;
        double ar2 = r * ar;
        double ar3 = r * ar2;
        double lo3 = Math.fma(ar, r, -ar2);
        double lo2 = (t1 - t2) + r;
        double q3 = Math.fma(r, A6, A5);
        double hi = t2 + ar2;
        double lo4 = (t2 - hi) + ar2;
        double p = Math.fma(ar2, Math.fma(q3, ar2, q2), q1);
        double lo = Math.fma(ar3, p, lo1 + lo2 + lo3 + lo4);
        double logHi = hi + lo;
        double logLo = (hi - logHi) + lo;
        // exp(2 log x)
        double ehi = 2.0 * logHi;
        double elo = Math.fma(2.0, logLo, Math.fma(logHi, 2.0, -ehi));
        double kshift = Math.fma(ehi, INV_LN2_N, SHIFT);
        long ki = Double.doubleToRawLongBits(kshift);
        double k = kshift - SHIFT;
        double er = Math.fma(k, NEG_LN2_LO_N, Math.fma(k, NEG_LN2_HI_N, ehi));
        int idx = (int) (ki & (N - 1));
        double scale = Double.longBitsToDouble((ki << 45) + SCALE_BITS[idx]);
        er = elo + er;
        double r2 = er * er;
        double t = Math.fma(Math.fma(er, C3, C2), r2, TAIL[idx] + er);
        t = Math.fma(Math.fma(er, C5, C4), r2 * r2, t);
        return Math.fma(t, scale, scale);
    }
}
