package dev.lorakit.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentRegistryTest {

    private static EnvironmentRegistry registry() {
        EnvironmentRegistry r = new EnvironmentRegistry();
        r.register(LineWalk.spec());
        return r;
    }

    @Test
    void parsesIdWithYamlLikeOverrides() {
        OverrideParser.Parsed p = OverrideParser.parse("CartPole-v1 {length: 1.0, n: 3, on: true, mode: semi-implicit, s: \"a, b\"}");
        assertThat(p.id()).isEqualTo("CartPole-v1");
        assertThat(p.overrides()).containsExactly(
                Map.entry("length", 1.0), Map.entry("n", 3L), Map.entry("on", true),
                Map.entry("mode", "semi-implicit"), Map.entry("s", "a, b"));
        assertThat(OverrideParser.parse("  Pendulum-v1  ").overrides()).isEmpty();
        assertThat(OverrideParser.parse("X {}").overrides()).isEmpty();
    }

    @Test
    void reportsSyntaxErrorsWithTheColumn() {
        assertThatThrownBy(() -> OverrideParser.parse("X {a 1}")).hasMessageContaining("column 6").hasMessageContaining("':'");
        assertThatThrownBy(() -> OverrideParser.parse("X {a: 1")).hasMessageContaining("',' or '}'");
        assertThatThrownBy(() -> OverrideParser.parse("X {a: 1, a: 2}")).hasMessageContaining("given twice");
        assertThatThrownBy(() -> OverrideParser.parse("Cart Pole")).hasMessageContaining("Bad environment id");
    }

    @Test
    void makeAppliesOverridesAndTheTimeLimit() {
        Environment env = registry().make("LineWalk-v0 {goal: 2}");
        assertThat(env).isInstanceOf(TimeLimit.class);
        assertThat(((TimeLimit) env).maxEpisodeSteps()).isEqualTo(20);
        env.reset(1);
        StepResult r;
        int steps = 0;
        do {
            r = env.step(1);
            steps++;
        } while (!r.done());
        assertThat(r.terminated()).isTrue();
        assertThat(steps).isLessThanOrEqualTo(2);

        Environment longer = registry().make("LineWalk-v0", Map.of("max_episode_steps", 50));
        assertThat(((TimeLimit) longer).maxEpisodeSteps()).isEqualTo(50);
        assertThat(registry().make("LineWalk-v0 {max_episode_steps: null}")).isInstanceOf(LineWalk.class);
    }

    @Test
    void unknownIdsKeysAndBadTypesListWhatExists() {
        EnvironmentRegistry r = registry();
        r.register(new EnvNamespace() {
            @Override
            public String prefix() {
                return "py";
            }

            @Override
            public Environment make(String id, Map<String, Object> kwargs) {
                return new LineWalk(kwargs.isEmpty() ? 5 : 1);
            }
        });
        assertThatThrownBy(() -> r.make("CartPole-v9")).hasMessageContaining("\"CartPole-v9\"")
                .hasMessageContaining("[LineWalk-v0]").hasMessageContaining("py:<id>");
        assertThatThrownBy(() -> r.make("LineWalk-v0 {gaol: 3}"))
                .hasMessageContaining("unknown key \"gaol\"").hasMessageContaining("[goal, label]");
        assertThatThrownBy(() -> r.make("LineWalk-v0 {goal: many}"))
                .hasMessageContaining("\"goal\" has value many").hasMessageContaining("Integer");
        assertThatThrownBy(() -> r.make("LineWalk-v0 {max_episode_steps: 0}")).hasMessageContaining("positive integer");
        assertThatThrownBy(() -> r.register(LineWalk.spec())).hasMessageContaining("registered twice");
        assertThat(r.make("py:Anything-v0")).isInstanceOf(LineWalk.class);
        assertThatThrownBy(() -> r.make("zz:Anything-v0")).hasMessageContaining("Unknown environment id \"zz:Anything-v0\"");
    }
}
