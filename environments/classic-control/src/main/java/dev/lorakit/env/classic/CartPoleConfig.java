package dev.lorakit.env.classic;

import dev.lorakit.env.EnvConfig;
import java.util.Map;

/**
 * Physical parameters of {@link CartPole}; the defaults are Gymnasium's, the keys its attribute
 * names.
 *
 * @param gravity gravitational acceleration, m/s^2 ({@code gravity})
 * @param masscart cart mass, kg ({@code masscart})
 * @param masspole pole mass, kg ({@code masspole})
 * @param length half the pole's length, m ({@code length})
 * @param forceMag magnitude of the push, N ({@code force_mag})
 * @param tau seconds per step ({@code tau})
 * @param kinematicsIntegrator {@code euler} or {@code semi-implicit} ({@code kinematics_integrator})
 * @param suttonBartoReward reward 0 per step and -1 on failure instead of +1 per step ({@code sutton_barto_reward})
 */
public record CartPoleConfig(
        double gravity,
        double masscart,
        double masspole,
        double length,
        double forceMag,
        double tau,
        String kinematicsIntegrator,
        boolean suttonBartoReward) {

    /** Gymnasium's CartPole-v1 parameters. */
    public static final CartPoleConfig DEFAULT = new CartPoleConfig(9.8, 1.0, 0.1, 0.5, 10.0, 0.02, "euler", false);

    /** Validates the parameters. */
    public CartPoleConfig {
        Check.positive("CartPole", "masscart", masscart);
        Check.positive("CartPole", "masspole", masspole);
        Check.positive("CartPole", "length", length);
        Check.positive("CartPole", "tau", tau);
        Check.finite("CartPole", "gravity", gravity);
        Check.finite("CartPole", "force_mag", forceMag);
        Check.oneOf("CartPole", "kinematics_integrator", kinematicsIntegrator, "euler", "semi-implicit");
    }

    static Map<String, Object> defaults() {
        return Map.of("gravity", DEFAULT.gravity, "masscart", DEFAULT.masscart, "masspole", DEFAULT.masspole,
                "length", DEFAULT.length, "force_mag", DEFAULT.forceMag, "tau", DEFAULT.tau,
                "kinematics_integrator", DEFAULT.kinematicsIntegrator, "sutton_barto_reward", DEFAULT.suttonBartoReward);
    }

    static CartPoleConfig from(EnvConfig c) {
        return new CartPoleConfig(c.getDouble("gravity"), c.getDouble("masscart"), c.getDouble("masspole"),
                c.getDouble("length"), c.getDouble("force_mag"), c.getDouble("tau"),
                c.getString("kinematics_integrator"), c.getBoolean("sutton_barto_reward"));
    }
}
