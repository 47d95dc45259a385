package dev.lorakit.env.classic;

import dev.lorakit.env.AbstractEnvironment;
import dev.lorakit.env.Box;
import dev.lorakit.env.NumpyRandom;
import dev.lorakit.env.ResetResult;
import dev.lorakit.env.StepResult;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * Gymnasium's {@code PendulumEnv} (1.x): swing a pendulum up with a torque in [-2, 2]; reward
 * {@code -(angle^2 + 0.1 * speed^2 + 0.001 * torque^2)}; never terminates; the registry adds the
 * 200-step limit of {@code Pendulum-v1}. The torque terms are computed in float32 as numpy does
 * with a float32 action.
 */
public final class Pendulum extends AbstractEnvironment {
    private static final int SCREEN_DIM = 500;
    private static final float COST_U = (float) 0.001;

    private final PendulumConfig config;
    private double th;
    private double thdot;
    private boolean hasState;

    /**
     * Creates the environment.
     *
     * @param config parameters
     */
    public Pendulum(PendulumConfig config) {
        super("Pendulum-v1",
                Box.of(new float[] {-1, -1, (float) -config.maxSpeed()}, new float[] {1, 1, (float) config.maxSpeed()}),
                Box.of(new float[] {(float) -config.maxTorque()}, new float[] {(float) config.maxTorque()}));
        this.config = config;
    }

    /** Creates the environment with Gymnasium's parameters. */
    public Pendulum() {
        this(PendulumConfig.DEFAULT);
    }

    @Override
    protected ResetResult resetState(NumpyRandom rng) {
        th = rng.uniform(-Math.PI, Math.PI);
        thdot = rng.uniform(-1.0, 1.0);
        hasState = true;
        return new ResetResult(observation(), Map.of());
    }

    @Override
    protected ResetResult resetFromState(double[] state) {
        checkStateLength(state, 2);
        th = state[0];
        thdot = state[1];
        hasState = true;
        return new ResetResult(observation(), Map.of());
    }

    /**
     * The state {@code theta, theta_dot}.
     *
     * @return a copy
     */
    public double[] state() {
        return new double[] {th, thdot};
    }

    @Override
    protected StepResult doStep(float[] action) {
        double g = config.g();
        double m = config.m();
        double l = config.l();
        double dt = config.dt();
        float maxTorque = (float) config.maxTorque();
        float u = Math.min(Math.max(action[0], -maxTorque), maxTorque);
        // numpy 2 keeps "python float * float32" in float32 (NEP 50): the torque terms are float32.
        // Gymnasium's `x**2` on scalars is glibc's pow (powf for the float32 torque), not x*x.
        double costs = GlibcPow.square(angleNormalize(th)) + .1 * GlibcPow.square(thdot)
                + (double) (COST_U * GlibcPow.squareFloat(u));
        float torqueAcc = (float) (3.0 / (m * GlibcPow.square(l))) * u;
        double newthdot = thdot + (3 * g / (2 * l) * GlibcTrig.sin(th) + (double) torqueAcc) * dt;
        newthdot = Math.min(Math.max(newthdot, -config.maxSpeed()), config.maxSpeed());
        th = th + newthdot * dt;
        thdot = newthdot;
        return new StepResult(observation(), -costs, false, false, Map.of());
    }

    // numpy's float remainder: the result takes the divisor's sign.
    private static double angleNormalize(double x) {
        double b = 2 * Math.PI;
        double mod = (x + Math.PI) % b;
        if (mod != 0 && mod < 0) {
            mod += b;
        } else if (mod == 0) {
            mod = 0.0;
        }
        return mod - Math.PI;
    }

    private float[] observation() {
        return new float[] {(float) GlibcTrig.cos(th), (float) GlibcTrig.sin(th), (float) thdot};
    }

    /**
     * Draws the rod and axle as Gymnasium's {@code rgb_array} mode (500x500), without the torque
     * arrow image.
     *
     * @return the image
     */
    @Override
    public BufferedImage render() {
        if (!hasState) {
            throw new IllegalStateException("Pendulum-v1: call reset() before render()");
        }
        double scale = SCREEN_DIM / (2.2 * 2);
        int offset = SCREEN_DIM / 2;
        double rodLength = 1 * scale;
        double rodWidth = 0.2 * scale;
        Color red = new Color(204, 77, 77);
        Canvas c = new Canvas(SCREEN_DIM, SCREEN_DIM);
        double angle = th + Math.PI / 2;
        c.rotatedRect(0, rodLength, rodWidth / 2, -rodWidth / 2, angle, offset, offset, red);
        c.circle(offset, offset, (int) (rodWidth / 2), red);
        double[] end = Canvas.rotate(rodLength, 0, angle);
        c.circle((int) (end[0] + offset), (int) (end[1] + offset), (int) (rodWidth / 2), red);
        c.circle(offset, offset, (int) (0.05 * scale), Color.BLACK);
        return c.finish();
    }
}
