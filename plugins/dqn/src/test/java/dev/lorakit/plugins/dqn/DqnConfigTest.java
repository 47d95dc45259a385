package dev.lorakit.plugins.dqn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DqnConfigTest {

    private final ObjectMapper mapper =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private DqnConfig bind(String json) throws Exception {
        return mapper.readValue(json.replace('\'', '"'), DqnConfig.class);
    }

    @Test
    void missingKeysTakeCleanRlDefaults() throws Exception {
        DqnConfig config = bind("{}");
        assertThat(config).isEqualTo(DqnConfig.defaults());
        assertThat(config.env()).isEqualTo("CartPole-v1");
        assertThat(config.totalTimesteps()).isEqualTo(500_000);
        assertThat(config.learningStarts()).isEqualTo(10_000);
        assertThat(config.bufferSize()).isEqualTo(10_000);
        assertThat(config.batchSize()).isEqualTo(128);
        assertThat(config.targetNetworkFrequency()).isEqualTo(500);
        assertThat(config.trainFrequency()).isEqualTo(10);
        assertThat(config.loss()).isEqualTo(TdLoss.MSE);
        assertThat(config.hiddenSizes()).containsExactly(120, 84);
        assertThat(config.exploration()).isEqualTo(ExplorationConfig.DEFAULT);
        assertThat(config.replay()).isEqualTo(ReplayConfig.DEFAULT);
    }

    @Test
    void bindsSnakeCaseKeysAndNestedSections() throws Exception {
        DqnConfig config = bind(
                "{'env': 'CartPole-v1', 'env_kwargs': {'length': 1.0, 'masspole': 0.3},"
                        + " 'total_timesteps': 50000, 'learning_starts': 1000, 'double_dqn': true,"
                        + " 'loss': 'huber', 'tau': 0.005, 'hidden_sizes': [64, 64],"
                        + " 'exploration': {'end_e': 0.01, 'exploration_fraction': 0.2},"
                        + " 'replay': {'type': 'prioritized', 'n_step': 3}}");
        assertThat(config.envKwargs()).isEqualTo(Map.of("length", 1.0, "masspole", 0.3));
        assertThat(config.doubleDqn()).isTrue();
        assertThat(config.loss()).isEqualTo(TdLoss.HUBER);
        assertThat(config.hiddenSizes()).isEqualTo(List.of(64, 64));
        assertThat(config.exploration().startE()).isEqualTo(1.0);
        assertThat(config.exploration().endE()).isEqualTo(0.01);
        assertThat(config.exploration().schedule(50_000).duration()).isEqualTo(10_000);
        assertThat(config.replay().prioritized()).isTrue();
        assertThat(config.replay().nStep()).isEqualTo(3);
    }

    @Test
    void badValuesNameTheKeyTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> bind("{'gamma': 1.5}"))
                .isInstanceOf(ValueInstantiationException.class)
                .hasMessageContaining("dqn.gamma must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> bind("{'loss': 'l1'}"))
                .hasMessageContaining("dqn.loss \"l1\" is unknown; allowed: [mse, huber]");
        assertThatThrownBy(() -> bind("{'total_timesteps': 100, 'learning_starts': 100}"))
                .hasMessageContaining("dqn.learning_starts must be >= 0 and < total_timesteps (100), got 100");
        assertThatThrownBy(() -> bind("{'replay': {'type': 'ranked'}}"))
                .hasMessageContaining("dqn.replay.type \"ranked\" is unknown; allowed: [uniform, prioritized]");
        assertThatThrownBy(() -> bind("{'exploration': {'end_e': -0.1}}"))
                .hasMessageContaining("dqn.exploration.end_e must be in [0, 1], got -0.1");
        assertThatThrownBy(() -> bind("{'tau': 0}")).hasMessageContaining("dqn.tau must be in (0, 1], got 0");
        assertThatThrownBy(() -> bind("{'learning_rate': 0.001}")).hasMessageContaining("learning_rate");
    }

    @Test
    void theRemovedPretrainedKeyPointsToInitFromEvenWhenNull() throws Exception {
        assertThatThrownBy(() -> bind("{'pretrained': '../runs/cartpole-dqn/q_network.safetensors'}"))
                .isInstanceOf(ValueInstantiationException.class)
                .hasMessageContaining("dqn.pretrained was removed")
                .hasMessageContaining("init_from: <run directory or checkpoint directory>")
                .hasMessageContaining("got pretrained: \"../runs/cartpole-dqn/q_network.safetensors\"");
        assertThatThrownBy(() -> bind("{'pretrained': null}")).hasMessageContaining("dqn.pretrained was removed");
        assertThat(bind("{}")).isEqualTo(DqnConfig.defaults());
    }

    @Test
    void epsilonScheduleFollowsCleanRlsLinearSchedule() {
        EpsilonSchedule schedule = new EpsilonSchedule(1.0, 0.05, 1000);
        assertThat(schedule.value(0)).isEqualTo(1.0);
        assertThat(schedule.value(500)).isCloseTo(0.525, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(schedule.value(1000)).isCloseTo(0.05, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(schedule.value(5000)).isEqualTo(0.05);
        assertThat(new EpsilonSchedule(1.0, 0.05, 0).value(0)).isEqualTo(0.05);
    }
}
