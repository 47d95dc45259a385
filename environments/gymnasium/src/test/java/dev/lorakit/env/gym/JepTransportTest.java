package dev.lorakit.env.gym;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.env.Environment;
import dev.lorakit.env.Environments;
import dev.lorakit.env.StepResult;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The in-process transport; skipped where {@code libjep} is not installed (it cannot be built here). */
class JepTransportTest {

    @Test
    void jepBridgeMatchesTheJavaCartPole() {
        Optional<String> reason = JepTransport.unavailableReason("python3");
        Assumptions.assumeTrue(reason.isEmpty(), () -> "Jep is not available on this machine: " + reason.orElse(""));
        try (Environment java = Environments.make("CartPole-v1");
                GymnasiumEnvironment python = GymnasiumEnvironment.builder().setId("CartPole-v1")
                        .optTransport(GymnasiumEnvironment.TransportKind.JEP).build()) {
            assertThat(python.transportDescription()).startsWith("Jep");
            assertThat(python.reset(5).observation()).containsExactly(java.reset(5).observation());
            for (int i = 0; i < 20; i++) {
                StepResult j = java.step(i % 2);
                assertThat(python.step(i % 2).observation()).containsExactly(j.observation());
            }
        }
    }
}
