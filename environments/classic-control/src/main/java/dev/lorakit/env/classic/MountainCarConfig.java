package dev.lorakit.env.classic;

import dev.lorakit.env.EnvConfig;
import java.util.Map;

/**
 * Parameters of {@link MountainCar}; defaults are Gymnasium's.
 *
 * @param goalVelocity minimum velocity at the goal ({@code goal_velocity})
 * @param force acceleration per unit of action ({@code force})
 * @param gravity the hill's pull ({@code gravity})
 */
public record MountainCarConfig(double goalVelocity, double force, double gravity) {

    /** Gymnasium's MountainCar-v0 parameters. */
    public static final MountainCarConfig DEFAULT = new MountainCarConfig(0.0, 0.001, 0.0025);

    /** Validates the parameters. */
    public MountainCarConfig {
        Check.finite("MountainCar", "goal_velocity", goalVelocity);
        Check.positive("MountainCar", "force", force);
        Check.positive("MountainCar", "gravity", gravity);
    }

    static Map<String, Object> defaults() {
        return Map.of("goal_velocity", 0.0, "force", 0.001, "gravity", 0.0025);
    }

    static MountainCarConfig from(EnvConfig c) {
        return new MountainCarConfig(c.getDouble("goal_velocity"), c.getDouble("force"), c.getDouble("gravity"));
    }
}
