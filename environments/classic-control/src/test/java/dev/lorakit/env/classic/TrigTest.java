package dev.lorakit.env.classic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Trig} against 300-bit mpmath values (hex floats, correctly rounded). */
class TrigTest {
    private static final String[][] MPMATH = {
        // the first two are halfway-close cases where glibc rounds the other way
        {"0x1.2876582901060p-3", "0x1.276d90f510f23p-3", "0x1.faa51dedfda78p-1"},
        {"-0x1.a5d7d46a07d54p+1", "0x1.3a42d5ba6eda7p-3", "-0x1.f9efaeb285b6cp-1"},
        {"0x1.56e1fc2f8f359p-997", "0x1.56e1fc2f8f359p-997", "0x1.0000000000000p+0"},
        {"0x1.921fb54442d18p-1", "0x1.6a09e667f3bccp-1", "0x1.6a09e667f3bcdp-1"},
        {"0x1.921fb54442d18p+0", "0x1.0000000000000p+0", "0x1.1a62633145c07p-54"},
        {"0x1.921fb54442d18p+1", "0x1.1a62633145c07p-53", "-0x1.0000000000000p+0"},
        {"0x1.9000000000000p+6", "-0x1.03425b78c4db8p-1", "0x1.b981dbf665fdfp-1"},
        {"-0x1.81cd6c8b43958p+13", "0x1.687d5890974a5p-1", "0x1.6b94c3bbe24b8p-1"},
        {"0x1.0000000000000p-1", "0x1.eaee8744b05f0p-2", "0x1.c1528065b7d50p-1"},
        {"0x1.0000000000000p+1", "0x1.d18f6ead1b446p-1", "-0x1.aa22657537205p-2"},
        {"-0x1.a341b05178c92p+4", "-0x1.c1527c239c8aap-1", "0x1.eaee96db8a8c2p-2"},
        {"0x1.1b1129a856960p+2", "-0x1.eab2ebc4e88f4p-1", "-0x1.244a9f7d1a090p-2"},
        {"-0x1.a024ba419f40cp+3", "-0x1.b269a9beb4629p-2", "0x1.cfa4c339e84cfp-1"},
        {"0x1.4c8b4bad9f150p+3", "-0x1.a5897525464a9p-1", "-0x1.229a96c00a5dcp-1"},
        {"0x1.924e12b85740cp+3", "0x1.72eb1edb99381p-8", "0x1.fffde69268cc5p-1"},
        {"-0x1.5b93b08b70a70p+5", "0x1.051e86ca62dcap-1", "0x1.b868e4cf5827dp-1"},
    };

    @Test
    void matchesCorrectlyRoundedValues() {
        for (String[] row : MPMATH) {
            double x = Double.parseDouble(row[0]);
            assertThat(Double.toHexString(Trig.sin(x))).as("sin(%s)", row[0]).isEqualTo(Double.toHexString(Double.parseDouble(row[1])));
            assertThat(Double.toHexString(Trig.cos(x))).as("cos(%s)", row[0]).isEqualTo(Double.toHexString(Double.parseDouble(row[2])));
        }
    }

    @Test
    void fastPathEitherAgreesWithTheDoubleDoubleKernelOrDefersToIt() {
        SplittableRandom rng = new SplittableRandom(11);
        int deferred = 0;
        for (int i = 0; i < 200_000; i++) {
            double r = rng.nextDouble(-Math.PI / 4, Math.PI / 4);
            double rl = rng.nextDouble(-0.5, 0.5) * Math.ulp(r);  // a normalised double-double's low word
            double fs = Trig.fastSin(r, rl);
            double fc = Trig.fastCos(r, rl);
            if (!Double.isNaN(fs)) {
                assertThat(fs).as("sin(%s + %s)", r, rl).isEqualTo(Trig.sinKernel(r, rl));
            }
            if (!Double.isNaN(fc)) {
                assertThat(fc).as("cos(%s + %s)", r, rl).isEqualTo(Trig.cosKernel(r, rl));
            }
            deferred += (Double.isNaN(fs) ? 1 : 0) + (Double.isNaN(fc) ? 1 : 0);
        }
        assertThat(deferred).as("calls left to the slow kernel").isLessThan(400_000 / 5);
    }

    @Test
    void staysWithinOneUlpOfFdlibmAndHandlesSpecialValues() {
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < 100_000; i++) {
            double x = rng.nextDouble(-100, 100);
            assertThat(Math.abs(Trig.sin(x) - StrictMath.sin(x))).isLessThanOrEqualTo(Math.ulp(StrictMath.sin(x)));
            assertThat(Math.abs(Trig.cos(x) - StrictMath.cos(x))).isLessThanOrEqualTo(Math.ulp(StrictMath.cos(x)));
        }
        assertThat(Trig.sin(Double.NaN)).isNaN();
        assertThat(Trig.cos(Double.POSITIVE_INFINITY)).isNaN();
        assertThat(Trig.sin(1e9)).isEqualTo(StrictMath.sin(1e9));
    }
}
