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
 * Gymnasium's {@code MountainCarEnv} (1.x): a car in a valley, actions accelerate left, not at
 * all, or right; reward -1 per step; terminates at position 0.5 with velocity at least the
 * goal velocity. The registry adds the 200-step limit of {@code MountainCar-v0}.
 */
public final class MountainCar extends AbstractEnvironment {
    private static final double MIN_POSITION = -1.2;
    private static final double MAX_POSITION = 0.6;
    private static final double MAX_SPEED = 0.07;
    private static final double GOAL_POSITION = 0.5;
    private static final int WIDTH = 600;
    private static final int HEIGHT = 400;

    private final MountainCarConfig config;
    private double position;
    private double velocity;
    private boolean hasState;

    /**
     * Creates the environment.
     *
     * @param config parameters
     */
    public MountainCar(MountainCarConfig config) {
        super("MountainCar-v0", Box.of(new float[] {(float) MIN_POSITION, (float) -MAX_SPEED},
                new float[] {(float) MAX_POSITION, (float) MAX_SPEED}), new Discrete(3));
        this.config = config;
    }

    /** Creates the environment with Gymnasium's parameters. */
    public MountainCar() {
        this(MountainCarConfig.DEFAULT);
    }

    @Override
    protected ResetResult resetState(NumpyRandom rng) {
        position = rng.uniform(-0.6, -0.4);
        velocity = 0;
        hasState = true;
        return new ResetResult(observation(), Map.of());
    }

    @Override
    protected ResetResult resetFromState(double[] state) {
        checkStateLength(state, 2);
        position = state[0];
        velocity = state[1];
        hasState = true;
        return new ResetResult(observation(), Map.of());
    }

    /**
     * The state {@code position, velocity}.
     *
     * @return a copy
     */
    public double[] state() {
        return new double[] {position, velocity};
    }

    @Override
    protected StepResult doStep(int action) {
        velocity += (action - 1) * config.force() + GlibcTrig.cos(3 * position) * (-config.gravity());
        velocity = Math.min(Math.max(velocity, -MAX_SPEED), MAX_SPEED);
        position += velocity;
        position = Math.min(Math.max(position, MIN_POSITION), MAX_POSITION);
        if (position == MIN_POSITION && velocity < 0) {
            velocity = 0;
        }
        boolean terminated = position >= GOAL_POSITION && velocity >= config.goalVelocity();
        return new StepResult(observation(), -1.0, terminated, false, Map.of());
    }

    private float[] observation() {
        return new float[] {(float) position, (float) velocity};
    }

    private static double height(double xs) {
        return Math.sin(3 * xs) * 0.45 + 0.55;
    }

    /**
     * Draws the hill, car and flag as Gymnasium's {@code rgb_array} mode: 600x400.
     *
     * @return the image
     */
    @Override
    public BufferedImage render() {
        if (!hasState) {
            throw new IllegalStateException("MountainCar-v0: call reset() before render()");
        }
        double scale = WIDTH / (MAX_POSITION - MIN_POSITION);
        double carwidth = 40;
        double carheight = 20;
        Canvas c = new Canvas(WIDTH, HEIGHT);
        double[] xs = new double[100];
        double[] ys = new double[100];
        for (int i = 0; i < 100; i++) {
            double x = MIN_POSITION + (MAX_POSITION - MIN_POSITION) * i / 99;
            xs[i] = (x - MIN_POSITION) * scale;
            ys[i] = height(x) * scale;
        }
        c.polyline(xs, ys, Color.BLACK);
        double clearance = 10;
        double angle = Math.cos(3 * position);
        double dx = (position - MIN_POSITION) * scale;
        double dy = clearance + height(position) * scale;
        c.rotatedRect(-carwidth / 2, carwidth / 2, carheight, 0, angle, dx, dy, Color.BLACK);
        for (double wx : new double[] {carwidth / 4, -carwidth / 4}) {
            double[] w = Canvas.rotate(wx, 0, angle);
            c.circle((int) (w[0] + dx), (int) (w[1] + dy), (int) (carheight / 2.5), new Color(128, 128, 128));
        }
        int flagx = (int) ((GOAL_POSITION - MIN_POSITION) * scale);
        int flagy1 = (int) (height(GOAL_POSITION) * scale);
        int flagy2 = flagy1 + 50;
        c.line(flagx, flagy1, flagx, flagy2, Color.BLACK);
        c.polygon(new double[][] {{flagx, flagy2}, {flagx, flagy2 - 10}, {flagx + 25, flagy2 - 5}}, new Color(204, 204, 0));
        return c.finish();
    }
}
