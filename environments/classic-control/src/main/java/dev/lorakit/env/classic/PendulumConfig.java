package dev.lorakit.env.classic;

import dev.lorakit.env.EnvConfig;
import java.util.Map;

/**
 * Parameters of {@link Pendulum}; defaults are Gymnasium's.
 *
 * @param g gravitational acceleration ({@code g})
 * @param m mass ({@code m})
 * @param l length ({@code l})
 * @param dt seconds per step ({@code dt})
 * @param maxSpeed angular speed bound ({@code max_speed})
 * @param maxTorque torque bound, also the action space's ({@code max_torque})
 */
public record PendulumConfig(double g, double m, double l, double dt, double maxSpeed, double maxTorque) {

    /** Gymnasium's Pendulum-v1 parameters. */
    public static final PendulumConfig DEFAULT = new PendulumConfig(10.0, 1.0, 1.0, 0.05, 8, 2.0);

    /** Validates the parameters. */
    public PendulumConfig {
        Check.finite("Pendulum", "g", g);
        Check.positive("Pendulum", "m", m);
        Check.positive("Pendulum", "l", l);
        Check.positive("Pendulum", "dt", dt);
        Check.positive("Pendulum", "max_speed", maxSpeed);
        Check.positive("Pendulum", "max_torque", maxTorque);
    }

    static Map<String, Object> defaults() {
        return Map.of("g", 10.0, "m", 1.0, "l", 1.0, "dt", 0.05, "max_speed", 8.0, "max_torque", 2.0);
    }

    static PendulumConfig from(EnvConfig c) {
        return new PendulumConfig(c.getDouble("g"), c.getDouble("m"), c.getDouble("l"), c.getDouble("dt"),
                c.getDouble("max_speed"), c.getDouble("max_torque"));
    }
}
