package dev.lorakit.plugins.styletransfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class LbfgsTest {

    /** Rosenbrock's banana function in n dimensions; minimum 0 at (1, …, 1). */
    static double rosenbrock(double[] x, double[] g) {
        double f = 0;
        java.util.Arrays.fill(g, 0);
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            f += 100 * a * a + b * b;
            g[i] += -400 * x[i] * a - 2 * b;
            g[i + 1] += 200 * a;
        }
        return f;
    }

    @Test
    void strongWolfeFindsTheRosenbrockMinimum() {
        Lbfgs lbfgs = Lbfgs.builder().optLineSearch(Lbfgs.LineSearch.STRONG_WOLFE).build();
        Lbfgs.Result r = lbfgs.minimize(LbfgsTest::rosenbrock, new double[] {-1.5, 2, -1, 0.5, 1.5}, 200);
        assertThat(r.value()).isLessThan(1e-8);
        for (double v : r.x()) {
            assertThat(v).isCloseTo(1, offset(1e-4));
        }
        // a quasi-Newton method needs far fewer iterations than gradient descent (thousands here)
        assertThat(r.iterations()).isLessThan(120);
        assertThat(r.values()[0]).isGreaterThan(r.value());
    }

    @Test
    void twoDimensionalRosenbrockFromTheClassicStart() {
        Lbfgs.Result r = Lbfgs.builder().optLineSearch(Lbfgs.LineSearch.STRONG_WOLFE).build()
                .minimize(LbfgsTest::rosenbrock, new double[] {-1.2, 1}, 100);
        assertThat(r.value()).isLessThan(1e-9);
        assertThat(r.x()[0]).isCloseTo(1, offset(1e-4));
        assertThat(r.x()[1]).isCloseTo(1, offset(1e-4));
    }

    @Test
    void fixedStepSolvesAQuadraticExactly() {
        // f = ½ Σ k x_k²: BFGS with unit steps converges on a convex quadratic
        Lbfgs.Objective quad = (x, g) -> {
            double f = 0;
            for (int k = 0; k < x.length; k++) {
                g[k] = (k + 1) * x[k];
                f += 0.5 * (k + 1) * x[k] * x[k];
            }
            return f;
        };
        Lbfgs.Result r = Lbfgs.builder().build().minimize(quad, new double[] {1, -2, 3}, 50);
        assertThat(r.value()).isLessThan(1e-10);
        assertThat(r.evaluations()).isGreaterThanOrEqualTo(r.iterations());
    }

    @Test
    void cubicInterpolationHitsTheMinimumOfACubic() {
        // f(t) = (t - 1)²: two points with slopes give the exact minimiser 1
        double t = Lbfgs.cubicInterpolate(0, 1, -2, 3, 4, 4, 0, 3);
        assertThat(t).isCloseTo(1, offset(1e-12));
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> Lbfgs.builder().optHistorySize(0).build()).hasMessageContaining("history size must be >= 1, got 0");
        assertThatThrownBy(() -> Lbfgs.builder().build().minimize(LbfgsTest::rosenbrock, new double[2], 0))
                .hasMessageContaining("iterations must be >= 1, got 0");
    }
}
