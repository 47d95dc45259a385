package dev.lorakit.env.classic;

import dev.lorakit.env.EnvConfig;
import java.util.Map;

/**
 * Physical parameters of {@link Acrobot}; defaults are Gymnasium's class constants, keys their
 * lower-cased names.
 *
 * @param linkLength1 length of link 1, m ({@code link_length_1})
 * @param linkLength2 length of link 2, m ({@code link_length_2}); only drawn, as in Gymnasium
 * @param linkMass1 mass of link 1, kg ({@code link_mass_1})
 * @param linkMass2 mass of link 2, kg ({@code link_mass_2})
 * @param linkComPos1 centre of mass of link 1, m ({@code link_com_pos_1})
 * @param linkComPos2 centre of mass of link 2, m ({@code link_com_pos_2})
 * @param linkMoi moment of inertia of both links ({@code link_moi})
 * @param dt seconds per step ({@code dt})
 * @param torqueNoiseMax uniform noise added to the torque, 0 for none ({@code torque_noise_max})
 * @param bookOrNips dynamics variant: {@code book} or {@code nips} ({@code book_or_nips})
 */
public record AcrobotConfig(
        double linkLength1,
        double linkLength2,
        double linkMass1,
        double linkMass2,
        double linkComPos1,
        double linkComPos2,
        double linkMoi,
        double dt,
        double torqueNoiseMax,
        String bookOrNips) {

    /** Gymnasium's Acrobot-v1 parameters. */
    public static final AcrobotConfig DEFAULT = new AcrobotConfig(1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 1.0, 0.2, 0.0, "book");

    /** Validates the parameters. */
    public AcrobotConfig {
        Check.positive("Acrobot", "link_length_1", linkLength1);
        Check.positive("Acrobot", "link_length_2", linkLength2);
        Check.positive("Acrobot", "link_mass_1", linkMass1);
        Check.positive("Acrobot", "link_mass_2", linkMass2);
        Check.positive("Acrobot", "link_com_pos_1", linkComPos1);
        Check.positive("Acrobot", "link_com_pos_2", linkComPos2);
        Check.positive("Acrobot", "link_moi", linkMoi);
        Check.positive("Acrobot", "dt", dt);
        if (!(torqueNoiseMax >= 0) || Double.isInfinite(torqueNoiseMax)) {
            throw new IllegalArgumentException("Acrobot: \"torque_noise_max\" must be finite and >= 0, got " + torqueNoiseMax);
        }
        Check.oneOf("Acrobot", "book_or_nips", bookOrNips, "book", "nips");
    }

    static Map<String, Object> defaults() {
        return Map.of("link_length_1", 1.0, "link_length_2", 1.0, "link_mass_1", 1.0, "link_mass_2", 1.0,
                "link_com_pos_1", 0.5, "link_com_pos_2", 0.5, "link_moi", 1.0, "dt", 0.2, "torque_noise_max", 0.0,
                "book_or_nips", "book");
    }

    static AcrobotConfig from(EnvConfig c) {
        return new AcrobotConfig(c.getDouble("link_length_1"), c.getDouble("link_length_2"), c.getDouble("link_mass_1"),
                c.getDouble("link_mass_2"), c.getDouble("link_com_pos_1"), c.getDouble("link_com_pos_2"),
                c.getDouble("link_moi"), c.getDouble("dt"), c.getDouble("torque_noise_max"), c.getString("book_or_nips"));
    }
}
