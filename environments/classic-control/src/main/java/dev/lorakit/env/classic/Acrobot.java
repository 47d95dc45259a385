package dev.lorakit.env.classic;

import dev.lorakit.env.AbstractEnvironment;
import dev.lorakit.env.Box;
import dev.lorakit.env.Discrete;
import dev.lorakit.env.NumpyRandom;
import dev.lorakit.env.ResetResult;
import dev.lorakit.env.StepResult;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * Gymnasium's {@code AcrobotEnv} (1.x): two links, torque -1, 0 or +1 on the joint between
 * them; one fourth-order Runge-Kutta step of {@code dt}, angles wrapped to [-pi, pi] and
 * velocities bounded; terminates when the tip rises one link length above the pivot; reward
 * -1 per step until then. As in Gymnasium the reset state is rounded to float32.
 */
public final class Acrobot extends AbstractEnvironment {
    private static final double MAX_VEL_1 = 4 * Math.PI;
    private static final double MAX_VEL_2 = 9 * Math.PI;
    private static final double[] AVAIL_TORQUE = {-1.0, 0.0, 1.0};
    private static final int SCREEN_DIM = 500;

    private final AcrobotConfig config;
    private final double[] s = new double[4];
    private boolean hasState;

    /**
     * Creates the environment.
     *
     * @param config physical parameters
     */
    public Acrobot(AcrobotConfig config) {
        super("Acrobot-v1", Box.of(
                new float[] {-1, -1, -1, -1, (float) -MAX_VEL_1, (float) -MAX_VEL_2},
                new float[] {1, 1, 1, 1, (float) MAX_VEL_1, (float) MAX_VEL_2}),
                new Discrete(3));
        this.config = config;
    }

    /** Creates the environment with Gymnasium's parameters. */
    public Acrobot() {
        this(AcrobotConfig.DEFAULT);
    }

    /**
     * The state {@code theta1, theta2, dtheta1, dtheta2}.
     *
     * @return a copy
     */
    public double[] state() {
        return s.clone();
    }

    @Override
    protected ResetResult resetState(NumpyRandom rng) {
        for (int i = 0; i < 4; i++) {
            s[i] = (float) rng.uniform(-0.1, 0.1);
        }
        hasState = true;
        return new ResetResult(observation(), Map.of());
    }

    @Override
    protected ResetResult resetFromState(double[] state) {
        checkStateLength(state, 4);
        System.arraycopy(state, 0, s, 0, 4);
        hasState = true;
        return new ResetResult(observation(), Map.of());
    }

    @Override
    protected StepResult doStep(int action) {
        double torque = AVAIL_TORQUE[action];
        if (config.torqueNoiseMax() > 0) {
            torque += npRandom().uniform(-config.torqueNoiseMax(), config.torqueNoiseMax());
        }
        double[] ns = rk4(new double[] {s[0], s[1], s[2], s[3], torque}, config.dt());
        s[0] = wrap(ns[0], -Math.PI, Math.PI);
        s[1] = wrap(ns[1], -Math.PI, Math.PI);
        s[2] = Math.min(Math.max(ns[2], -MAX_VEL_1), MAX_VEL_1);
        s[3] = Math.min(Math.max(ns[3], -MAX_VEL_2), MAX_VEL_2);
        boolean terminated = -GlibcTrig.cos(s[0]) - GlibcTrig.cos(s[1] + s[0]) > 1.0;
        return new StepResult(observation(), terminated ? 0.0 : -1.0, terminated, false, Map.of());
    }

    private static double wrap(double x, double m, double big) {
        double diff = big - m;
        while (x > big) {
            x = x - diff;
        }
        while (x < m) {
            x = x + diff;
        }
        return x;
    }

    // Gymnasium's rk4 with t = [0, dt]: one classical Runge-Kutta step over the augmented state.
    private double[] rk4(double[] y0, double dt) {
        double dt2 = dt / 2.0;
        double[] k1 = dsdt(y0);
        double[] k2 = dsdt(axpy(y0, dt2, k1));
        double[] k3 = dsdt(axpy(y0, dt2, k2));
        double[] k4 = dsdt(axpy(y0, dt, k3));
        double[] out = new double[y0.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = y0[i] + dt / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        return out;
    }

    private static double[] axpy(double[] y, double a, double[] k) {
        double[] out = new double[y.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = y[i] + a * k[i];
        }
        return out;
    }

    private double[] dsdt(double[] sa) {
        double m1 = config.linkMass1();
        double m2 = config.linkMass2();
        double l1 = config.linkLength1();
        double lc1 = config.linkComPos1();
        double lc2 = config.linkComPos2();
        double i1 = config.linkMoi();
        double i2 = config.linkMoi();
        double g = 9.8;
        double a = sa[4];
        double theta1 = sa[0];
        double theta2 = sa[1];
        double dtheta1 = sa[2];
        double dtheta2 = sa[3];
        double d1 = m1 * GlibcPow.square(lc1) + m2 * (GlibcPow.square(l1) + GlibcPow.square(lc2) + 2 * l1 * lc2 * GlibcTrig.cos(theta2)) + i1 + i2;
        double d2 = m2 * (GlibcPow.square(lc2) + l1 * lc2 * GlibcTrig.cos(theta2)) + i2;
        double phi2 = m2 * lc2 * g * GlibcTrig.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * GlibcPow.square(dtheta2) * GlibcTrig.sin(theta2)
                - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * GlibcTrig.sin(theta2)
                + (m1 * lc1 + m2 * l1) * g * GlibcTrig.cos(theta1 - Math.PI / 2)
                + phi2;
        double ddtheta2;
        if (config.bookOrNips().equals("nips")) {
            ddtheta2 = (a + d2 / d1 * phi1 - phi2) / (m2 * GlibcPow.square(lc2) + i2 - GlibcPow.square(d2) / d1);
        } else {
            ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * GlibcPow.square(dtheta1) * GlibcTrig.sin(theta2) - phi2)
                    / (m2 * GlibcPow.square(lc2) + i2 - GlibcPow.square(d2) / d1);
        }
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        return new double[] {dtheta1, dtheta2, ddtheta1, ddtheta2, 0.0};
    }

    private float[] observation() {
        return new float[] {
            (float) GlibcTrig.cos(s[0]), (float) GlibcTrig.sin(s[0]),
            (float) GlibcTrig.cos(s[1]), (float) GlibcTrig.sin(s[1]),
            (float) s[2], (float) s[3]
        };
    }

    /**
     * Draws the two links as Gymnasium's {@code rgb_array} mode: 500x500, same scale and colours.
     *
     * @return the image
     */
    @Override
    public BufferedImage render() {
        if (!hasState) {
            throw new IllegalStateException("Acrobot-v1: call reset() before render()");
        }
        double l1 = config.linkLength1();
        double l2 = config.linkLength2();
        double bound = l1 + l2 + 0.2;
        double scale = SCREEN_DIM / (bound * 2);
        double offset = SCREEN_DIM / 2.0;
        Canvas c = new Canvas(SCREEN_DIM, SCREEN_DIM);
        double p1x = -l1 * Math.cos(s[0]) * scale;
        double p1y = l1 * Math.sin(s[0]) * scale;
        // Gymnasium swaps the columns: xys = [[0, 0], p1][:, ::-1].
        double[][] xys = {{0, 0}, {p1y, p1x}};
        double[] thetas = {s[0] - Math.PI / 2, s[0] + s[1] - Math.PI / 2};
        double[] lengths = {l1 * scale, l2 * scale};
        c.line(-2.2 * scale + offset, 1 * scale + offset, 2.2 * scale + offset, 1 * scale + offset, Color.BLACK);
        for (int i = 0; i < 2; i++) {
            double x = xys[i][0] + offset;
            double y = xys[i][1] + offset;
            c.rotatedRect(0, lengths[i], 0.1 * scale, -0.1 * scale, thetas[i], x, y, new Color(0, 204, 204));
            c.circle((int) x, (int) y, (int) (0.1 * scale), new Color(204, 204, 0));
        }
        return c.finish();
    }
}
