package dev.lorakit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.lorakit.train.optim.AdamWConfig;
import dev.lorakit.train.optim.ScheduleConfig;
import dev.lorakit.train.optim.SgdConfig;
import org.junit.jupiter.api.Test;

/** Binding as the host does it (Jackson; YAML is a superset of these JSON documents). */
class TrainerConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TrainerConfig bind(String json) throws Exception {
        return JSON.readValue(json, TrainerConfig.class);
    }

    @Test
    void emptySectionGivesDefaults() throws Exception {
        TrainerConfig c = bind("{}");
        assertThat(c).isEqualTo(TrainerConfig.defaults());
        assertThat(c.optimizer()).isEqualTo(AdamWConfig.defaults());
        assertThat(c.schedule().type()).isEqualTo(ScheduleConfig.Type.CONSTANT);
        assertThat(c.epochs()).isEqualTo(1);
        assertThat(c.devices()).isEqualTo("auto");
        assertThat(c.skipNonFinite()).isTrue();
    }

    @Test
    void bindsSnakeCaseKeysAndTypedOptimizers() throws Exception {
        TrainerConfig c = bind("""
                {"optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.9, "nesterov": true},
                 "schedule": {"type": "cosine", "warmup_steps": 10},
                 "grad_clip_norm": 1.0, "accumulation_steps": 4, "batch_size": 8, "max_steps": 100,
                 "eval_every": 20, "log_every": 5, "devices": "cpu", "skip_non_finite": false,
                 "early_stopping": {"metric": "eval/loss", "patience": 2}}""");
        assertThat(c.optimizer()).isEqualTo(new SgdConfig(0.1, 0.9, true, 0));
        assertThat(c.schedule()).isEqualTo(new ScheduleConfig(ScheduleConfig.Type.COSINE, 10));
        assertThat(c.accumulationSteps()).isEqualTo(4);
        assertThat(c.epochs()).isZero(); // max_steps alone bounds the run
        assertThat(c.earlyStopping().higherIsBetter()).isFalse(); // a loss: lower is better
        assertThat(c.totalUpdates(1000)).isEqualTo(100);
    }

    @Test
    void writtenConfigReadsBackEqual() throws Exception {
        TrainerConfig c = bind("""
                {"optimizer": {"type": "adamw", "lr": 2e-4, "betas": [0.8, 0.99], "weight_decay": 0.01},
                 "schedule": {"type": "linear", "warmup_steps": 3}, "max_steps": 10,
                 "early_stopping": {"metric": "eval/accuracy", "patience": 2}}""");
        String written = JSON.writeValueAsString(c);
        assertThat(written).contains("\"type\":\"adamw\"", "\"betas\":[0.8,0.99]", "\"mode\":\"max\"").doesNotContain("beta1");
        assertThat(bind(written)).isEqualTo(c);
        TrainerConfig sgd = bind("{\"optimizer\": {\"type\": \"sgd\", \"lr\": 0.1, \"momentum\": 0.5}}");
        assertThat(bind(JSON.writeValueAsString(sgd))).isEqualTo(sgd);
        CheckpointConfig ck = CheckpointConfig.of(7, 3, 2, "eval/loss", true);
        assertThat(JSON.readValue(JSON.writeValueAsString(ck), CheckpointConfig.class)).isEqualTo(ck);
    }

    @Test
    void adamwBetasBind() throws Exception {
        TrainerConfig c = bind("{\"optimizer\": {\"type\": \"adamw\", \"lr\": 2e-4, \"betas\": [0.8, 0.99], \"weight_decay\": 0.01}}");
        assertThat(c.optimizer()).isEqualTo(new AdamWConfig(2e-4, 0.8, 0.99, 1e-8, 0.01));
    }

    @Test
    void unknownKeysAndTypesAreRejected() {
        assertThatThrownBy(() -> bind("{\"batchsize\": 8}"))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("batchsize");
        assertThatThrownBy(() -> bind("{\"optimizer\": {\"type\": \"adam\"}}"))
                .hasMessageContaining("adam")
                .hasMessageContaining("adamw")
                .hasMessageContaining("sgd");
        assertThatThrownBy(() -> bind("{\"optimizer\": {\"lr\": 0.1}}"))
                .hasMessageContaining("missing type id");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> bind("{\"optimizer\": {\"type\": \"adamw\", \"lr\": -1}}"))
                .hasMessageContaining("trainer.optimizer.lr must be > 0, got -1.0");
        assertThatThrownBy(() -> bind("{\"batch_size\": 0}"))
                .hasMessageContaining("trainer.batch_size must be >= 1, got 0");
        assertThatThrownBy(() -> bind("{\"devices\": \"tpu\"}"))
                .hasMessageContaining("trainer.devices must be auto, cpu, gpu");
        assertThatThrownBy(() -> bind("{\"max_steps\": 0, \"epochs\": 0}"))
                .hasMessageContaining("trainer.max_steps and trainer.epochs are both 0");
        assertThatThrownBy(() -> bind("{\"optimizer\": {\"type\": \"sgd\", \"lr\": 0.1, \"nesterov\": true}}"))
                .hasMessageContaining("trainer.optimizer.nesterov needs trainer.optimizer.momentum > 0");
    }

    @Test
    void checkpointSectionDefaultsAndValidation() throws Exception {
        assertThat(JSON.readValue("{}", CheckpointConfig.class)).isEqualTo(CheckpointConfig.defaults());
        assertThat(JSON.readValue("{\"every_steps\": 50, \"adapter_only\": true}", CheckpointConfig.class))
                .isEqualTo(new CheckpointConfig(50, 2, 1, null, true));
        assertThatThrownBy(() -> JSON.readValue("{\"keep_last\": 0}", CheckpointConfig.class))
                .hasMessageContaining("checkpoint.keep_last must be >= 1, got 0");
    }

    @Test
    void totalUpdatesCountsThePartialLastBatchAndAccumulation() {
        TrainerConfig c = TrainerConfig.of(null, null, null, 2, 10, null, 3, null, null, null, null, null);
        // 95 examples -> 10 batches per epoch, 3 epochs -> 30 micro-batches -> 15 updates
        assertThat(c.totalUpdates(95)).isEqualTo(15);
    }
}
