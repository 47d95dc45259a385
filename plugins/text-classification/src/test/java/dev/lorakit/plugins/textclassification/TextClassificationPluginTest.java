package dev.lorakit.plugins.textclassification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.lorakit.api.Batch;
import dev.lorakit.testing.support.TestContext;
import dev.lorakit.train.metrics.ClassificationMetrics;
import dev.lorakit.zoo.task.SequenceClassificationTask;
import dev.lorakit.zoo.task.TextDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextClassificationPluginTest {

    @Test
    void configDefaultsAndErrorsNameTheKey() {
        TextClassificationConfig c = new TextClassificationConfig(
                TextDataset.SPAM, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(c.maxLength()).isEqualTo(128);
        assertThat(c.textColumn()).isEqualTo("text");
        assertThatThrownBy(() -> new TextClassificationConfig(
                TextDataset.FILE, null, null, null, null, null, null, null, null, null, null, null))
                .hasMessageContaining("text-classification.file");
        assertThatThrownBy(() -> TextDataset.of("imdb"))
                .hasMessageContaining("[spam, polarity, file]");
        assertThatThrownBy(() -> new TextClassificationConfig(
                TextDataset.SPAM, null, null, null, null, null, null, 1000, null, null, null, null))
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

    @Test
    void textPairColumnBecomesTheSecondSegment(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("pairs.csv"), "premise,hypothesis,label\n"
                + "A man plays a guitar.,Someone makes music.,entailment\n"
                + "A man plays a guitar.,The man is asleep.,contradiction\n"
                + "Kids run in a park.,Children are outside.,entailment\n"
                + "Kids run in a park.,The kids sit indoors.,contradiction\n");
        TextClassificationConfig config = new TextClassificationConfig(TextDataset.FILE, csv.toString(),
                "premise", "label", "hypothesis", true, null, 32, 0.0, 0.5, null, null);
        try (NDManager manager = NDManager.newBaseManager();
                SequenceClassificationTask task = (SequenceClassificationTask) new TextClassificationPlugin()
                        .createTask(config, new TestContext(dir, dir, 1, manager))) {
            assertThat(task.labels().labels()).containsExactly("contradiction", "entailment");
            Batch batch = task.trainData().batch(manager, new int[] {0, 1});
            long[] ids = batch.inputs().get(0).toType(DataType.INT64, false).toLongArray();
            long[] types = batch.inputs().get(2).toType(DataType.INT64, false).toLongArray();
            long[] mask = batch.inputs().get(1).toType(DataType.INT64, false).toLongArray();
            int width = (int) batch.inputs().get(0).getShape().get(1);
            for (int row = 0; row < 2; row++) {
                // [CLS] premise [SEP] hypothesis [SEP]: segment 1 starts after the first [SEP].
                int firstSep = -1;
                int seps = 0;
                for (int t = 0; t < width; t++) {
                    int i = row * width + t;
                    if (ids[i] == 102) {
                        seps++;
                        firstSep = firstSep < 0 ? t : firstSep;
                    }
                    boolean second = t > firstSep && firstSep >= 0 && mask[i] == 1;
                    assertThat(types[i]).as("row %d token %d", row, t).isEqualTo(second ? 1 : 0);
                }
                assertThat(seps).isEqualTo(2);
            }
        }
    }
}
