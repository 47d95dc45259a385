package dev.lorakit.env.classic;

import dev.lorakit.env.EnvSpec;
import dev.lorakit.env.EnvironmentProvider;
import java.util.List;

/**
 * Registers the classic-control environments with Gymnasium's ids, time limits and reward
 * thresholds; found by {@link java.util.ServiceLoader}.
 */
public final class ClassicControlProvider implements EnvironmentProvider {

    @Override
    public List<EnvSpec> specs() {
        return List.of(
                new EnvSpec("CartPole-v1", CartPoleConfig.defaults(), 500, 475.0, c -> new CartPole(CartPoleConfig.from(c))),
                new EnvSpec("Acrobot-v1", AcrobotConfig.defaults(), 500, -100.0, c -> new Acrobot(AcrobotConfig.from(c))),
                new EnvSpec("MountainCar-v0", MountainCarConfig.defaults(), 200, -110.0,
                        c -> new MountainCar(MountainCarConfig.from(c))),
                new EnvSpec("Pendulum-v1", PendulumConfig.defaults(), 200, null, c -> new Pendulum(PendulumConfig.from(c))));
    }
}
