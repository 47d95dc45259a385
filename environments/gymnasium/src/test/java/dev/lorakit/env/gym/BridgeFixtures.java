package dev.lorakit.env.gym;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Builders for the bridge tests: the subprocess transport and the test Python environments. */
final class BridgeFixtures {
    private BridgeFixtures() {}

    static GymnasiumEnvironment.Builder subprocess(String id) {
        return GymnasiumEnvironment.builder().setId(id).optTransport(GymnasiumEnvironment.TransportKind.SUBPROCESS)
                .optTimeout(Duration.ofSeconds(60));
    }

    /** {@code lorakit_test_envs:BrokenEnv-v0} with its module on PYTHONPATH. */
    static GymnasiumEnvironment.Builder broken(Duration timeout) {
        Path py = Path.of("target", "test-classes", "py").toAbsolutePath();
        return subprocess("lorakit_test_envs:BrokenEnv-v0").optTimeout(timeout)
                .optEnvironment(Map.of("PYTHONPATH", py.toString()));
    }
}
