package dev.lorakit.env.classic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link GlibcPow} against glibc's {@code pow(x, 2)} and {@code powf(u, 2)} as numpy 2.4.6
 * scalars gave them on glibc 2.36 x86-64, for 40 + 40 arguments where they are not the correctly
 * rounded {@code x*x} ({@code glibc-pow-golden.txt}, {@code record_trig.py --pow-golden}). The
 * identity tests then check them inside whole Acrobot and Pendulum episodes.
 */
class GlibcPowTest {

    @Test
    void reproducesGlibcWhereItDiffersFromTheProduct() throws IOException {
        int doubles = 0;
        int floats = 0;
        for (String[] f : ResourceRows.read("/glibc-pow-golden.txt")) {
            double x = Double.parseDouble(f[1]);
            double expected = Double.parseDouble(f[2]);
            if (f[0].equals("d")) {
                assertThat(x * x).as("x*x for %s", f[1]).isNotEqualTo(expected);
                assertThat(Double.toHexString(GlibcPow.square(x))).as("pow(%s, 2)", f[1])
                        .isEqualTo(Double.toHexString(expected));
                doubles++;
            } else {
                float u = (float) x;
                assertThat(u * u).as("u*u for %s", f[1]).isNotEqualTo((float) expected);
                assertThat(GlibcPow.squareFloat(u)).as("powf(%s, 2)", f[1]).isEqualTo((float) expected);
                floats++;
            }
        }
        assertThat(doubles).isEqualTo(40);
        assertThat(floats).isEqualTo(40);
    }

    @Test
    void agreesWithTheProductAlmostEverywhereAndCoversSpecialValues() {
        SplittableRandom rng = new SplittableRandom(3);
        int differ = 0;
        for (int i = 0; i < 200_000; i++) {
            double x = rng.nextDouble(-50, 50);
            double p = GlibcPow.square(x);
            assertThat(Math.abs(p - x * x)).isLessThanOrEqualTo(Math.ulp(x * x));
            differ += p != x * x ? 1 : 0;
        }
        // glibc's pow is within 0.52 ulp: about 0.08% of squares round the other way.
        assertThat(differ).isBetween(20, 1_000);
        assertThat(GlibcPow.square(0.0)).isZero();
        assertThat(GlibcPow.square(-1.0)).isEqualTo(1.0);
        assertThat(GlibcPow.square(3.0)).isEqualTo(9.0);
        assertThat(GlibcPow.square(Double.NaN)).isNaN();
        assertThat(GlibcPow.square(Double.NEGATIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(GlibcPow.squareFloat(-2.0f)).isEqualTo(4.0f);
        assertThat(GlibcPow.squareFloat(0.0f)).isZero();
    }
}
