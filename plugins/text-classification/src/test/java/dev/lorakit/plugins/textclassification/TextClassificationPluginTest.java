package dev.lorakit.plugins.textclassification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.lorakit.train.metrics.ClassificationMetrics;
import dev.lorakit.zoo.task.TextDataset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextClassificationPluginTest {

    @Test
    void configDefaultsAndErrorsNameTheKey() {
        TextClassificationConfig c = new TextClassificationConfig(
                TextDataset.SPAM, null, null, null, null, null, null, null, null, null, null);
        assertThat(c.maxLength()).isEqualTo(128);
        assertThat(c.textColumn()).isEqualTo("text");
        assertThatThrownBy(() -> new TextClassificationConfig(
                TextDataset.FILE, null, null, null, null, null, null, null, null, null, null))
                .hasMessageContaining("text-classification.file");
        assertThatThrownBy(() -> TextDataset.of("imdb"))
                .hasMessageContaining("[spam, polarity, file]");
        assertThatThrownBy(() -> new TextClassificationConfig(
                TextDataset.SPAM, null, null, null, null, null, null, 1000, null, null, null))
                .hasMessageContaining("max_length");
    }

    @Test
    void declaresQueryValueTargetsAndTheHead() {
        TextClassificationPlugin plugin = new TextClassificationPlugin();
        assertThat(plugin.loraDefaults().targetModules()).containsExactly("query", "value");
        assertThat(plugin.loraDefaults().modulesToSave()).containsExactly("classifier");
    }

    @Test
    void metricsComputeAccuracyMacroF1AndLoss() {
        try (NDManager m = NDManager.newBaseManager()) {
            ClassificationMetrics metrics = ClassificationMetrics.builder().setClassNames(List.of("neg", "pos")).optLoss(true).build();
            // predictions: 1, 0, 1, 1 ; labels: 1, 0, 0, 1
            metrics.update(new NDList(m.create(new float[][] {{0, 2}, {2, 0}, {0, 2}, {0, 2}})),
                    new NDList(m.create(new float[] {1, 0, 0, 1})));
            Map<String, Double> r = metrics.compute();
            assertThat(r.get("accuracy")).isEqualTo(0.75);
            // class 0: tp 1, fp 0, fn 1 -> f1 2/3 ; class 1: tp 2, fp 1, fn 0 -> f1 0.8
            assertThat(r.get("macro_f1")).isCloseTo((2.0 / 3 + 0.8) / 2, org.assertj.core.data.Offset.offset(1e-9));
            double lp = Math.log(Math.exp(2) + 1);
            assertThat(r.get("loss")).isCloseTo((3 * (lp - 2) + lp) / 4, org.assertj.core.data.Offset.offset(1e-5));
        }
    }
}
