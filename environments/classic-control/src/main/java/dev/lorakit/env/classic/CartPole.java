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
 * Gymnasium's {@code CartPoleEnv} (1.x): a pole on a cart, action 0 pushes left, 1 right. The
 * state is float64 and the observation its float32 rounding; the episode terminates when the
 * pole tilts beyond 12 degrees or the cart leaves [-2.4, 2.4]; the registry adds the 500-step
 * time limit of {@code CartPole-v1}. Arithmetic follows Gymnasium's expression order so results
 * agree to the last bit.
 */
public final class CartPole extends AbstractEnvironment {
    private static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
    private static final double X_THRESHOLD = 2.4;
    private static final int WIDTH = 600;
    private static final int HEIGHT = 400;

    private final CartPoleConfig config;
    private final double totalMass;
    private final double polemassLength;
    private final boolean euler;
    private double x;
    private double xDot;
    private double theta;
    private double thetaDot;
    private boolean hasState;

    /**
     * Creates the environment.
     *
     * @param config physical parameters
     */
    public CartPole(CartPoleConfig config) {
        super("CartPole-v1", Box.of(
                new float[] {(float) (-X_THRESHOLD * 2), Float.NEGATIVE_INFINITY, (float) (-THETA_THRESHOLD * 2), Float.NEGATIVE_INFINITY},
                new float[] {(float) (X_THRESHOLD * 2), Float.POSITIVE_INFINITY, (float) (THETA_THRESHOLD * 2), Float.POSITIVE_INFINITY}),
                new Discrete(2));
        this.config = config;
        this.totalMass = config.masspole() + config.masscart();
        this.polemassLength = config.masspole() * config.length();
        this.euler = config.kinematicsIntegrator().equals("euler");
    }

    /** Creates the environment with Gymnasium's parameters. */
    public CartPole() {
        this(CartPoleConfig.DEFAULT);
    }

    /**
     * The physical parameters.
     *
     * @return the config
     */
    public CartPoleConfig config() {
        return config;
    }

    /**
     * The float64 state {@code x, x_dot, theta, theta_dot}.
     *
     * @return a copy
     */
    public double[] state() {
        return new double[] {x, xDot, theta, thetaDot};
    }

    @Override
    protected ResetResult resetState(NumpyRandom rng) {
        x = rng.uniform(-0.05, 0.05);
        xDot = rng.uniform(-0.05, 0.05);
        theta = rng.uniform(-0.05, 0.05);
        thetaDot = rng.uniform(-0.05, 0.05);
        hasState = true;
        return new ResetResult(observation(), Map.of());
    }

    @Override
    protected ResetResult resetFromState(double[] state) {
        checkStateLength(state, 4);
        x = state[0];
        xDot = state[1];
        theta = state[2];
        thetaDot = state[3];
        hasState = true;
        return new ResetResult(observation(), Map.of());
    }

    @Override
    protected StepResult doStep(int action) {
        double force = action == 1 ? config.forceMag() : -config.forceMag();
        double costheta = GlibcTrig.cos(theta);
        double sintheta = GlibcTrig.sin(theta);
        double temp = (force + polemassLength * (thetaDot * thetaDot) * sintheta) / totalMass;
        double thetaacc = (config.gravity() * sintheta - costheta * temp)
                / (config.length() * (4.0 / 3.0 - config.masspole() * (costheta * costheta) / totalMass));
        double xacc = temp - polemassLength * thetaacc * costheta / totalMass;
        double tau = config.tau();
        if (euler) {
            x = x + tau * xDot;
            xDot = xDot + tau * xacc;
            theta = theta + tau * thetaDot;
            thetaDot = thetaDot + tau * thetaacc;
        } else {
            xDot = xDot + tau * xacc;
            x = x + tau * xDot;
            thetaDot = thetaDot + tau * thetaacc;
            theta = theta + tau * thetaDot;
        }
        boolean terminated = x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD || theta > THETA_THRESHOLD;
        // Stepping after termination is refused by AbstractEnvironment, so Gymnasium's
        // steps_beyond_terminated branch (reward 0) cannot occur here.
        double reward = config.suttonBartoReward() ? (terminated ? -1.0 : 0.0) : 1.0;
        return new StepResult(observation(), reward, terminated, false, Map.of());
    }

    private float[] observation() {
        return new float[] {(float) x, (float) xDot, (float) theta, (float) thetaDot};
    }

    /**
     * Draws the cart and pole as Gymnasium's {@code rgb_array} mode: 600x400, same scale,
     * colours and geometry.
     *
     * @return the image
     */
    @Override
    public BufferedImage render() {
        if (!hasState) {
            throw new IllegalStateException("CartPole-v1: call reset() before render()");
        }
        double scale = WIDTH / (X_THRESHOLD * 2);
        double polewidth = 10.0;
        double polelen = scale * (2 * config.length());
        double cartwidth = 50.0;
        double cartheight = 30.0;
        Canvas c = new Canvas(WIDTH, HEIGHT);
        double axleoffset = cartheight / 4.0;
        double cartx = x * scale + WIDTH / 2.0;
        double carty = 100;
        c.rotatedRect(-cartwidth / 2, cartwidth / 2, cartheight / 2, -cartheight / 2, 0, cartx, carty, Color.BLACK);
        c.rotatedRect(-polewidth / 2, polewidth / 2, polelen - polewidth / 2, -polewidth / 2, -theta,
                cartx, carty + axleoffset, new Color(202, 152, 101));
        c.circle((int) cartx, (int) (carty + axleoffset), (int) (polewidth / 2), new Color(129, 132, 203));
        c.line(0, carty, WIDTH, carty, Color.BLACK);
        return c.finish();
    }
}
