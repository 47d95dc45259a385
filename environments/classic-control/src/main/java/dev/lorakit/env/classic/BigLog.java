package dev.lorakit.env.classic;

import java.math.BigDecimal;
import java.math.MathContext;

/** ln and exp in {@link BigDecimal}, for generating glibc's tables exactly ({@link GlibcPow}). */
final class BigLog {

    private BigLog() {}

    /**
     * ln(x) = 2 atanh((x - 1) / (x + 1)), for x in (0, 4].
     *
     * @param x the argument
     * @param mc the precision
     * @return ln(x)
     */
    static BigDecimal ln(BigDecimal x, MathContext mc) {
        BigDecimal u = x.subtract(BigDecimal.ONE).divide(x.add(BigDecimal.ONE), mc);
        BigDecimal u2 = u.multiply(u, mc);
        BigDecimal power = u;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 5);
        for (int n = 1; power.abs().compareTo(eps) > 0; n += 2) {
            sum = sum.add(power.divide(BigDecimal.valueOf(n), mc), mc);
            power = power.multiply(u2, mc);
        }
        return sum.multiply(BigDecimal.valueOf(2), mc);
    }

    /**
     * exp(x) by its Taylor series, for |x| up to about 1.
     *
     * @param x the argument
     * @param mc the precision
     * @return exp(x)
     */
    static BigDecimal exp(BigDecimal x, MathContext mc) {
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal term = BigDecimal.ONE;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 5);
        for (int n = 1; term.abs().compareTo(eps) > 0; n++) {
            sum = sum.add(term, mc);
            term = term.multiply(x, mc).divide(BigDecimal.valueOf(n), mc);
        }
        return sum;
    }
}
