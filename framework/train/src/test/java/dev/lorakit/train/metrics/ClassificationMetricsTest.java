package dev.lorakit.train.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassificationMetricsTest {

    @TempDir Path tmp;

    @Test
    void accuracyMacroF1LossAndPerClassMatchHandComputedValues() {
        AtomicReference<ConfusionMatrix> seen = new AtomicReference<>();
        ClassificationMetrics metrics = ClassificationMetrics.builder()
                .setClassNames(List.of("T-shirt/top", "Trouser", "Bag"))
                .optLoss(true)
                .optPerClassAccuracy(true)
                .optOnCompute(seen::set)
                .build();
        try (NDManager m = NDManager.newBaseManager()) {
            // predictions 0, 1, 1, 2, 2 ; labels 0, 1, 2, 2, 0
            float[][] logits = {{3, 0, 0}, {0, 3, 0}, {0, 3, 0}, {0, 0, 3}, {0, 0, 3}};
            metrics.update(new NDList(m.create(logits)), new NDList(m.create(new float[] {0, 1, 2, 2, 0})));
        }
        Map<String, Double> r = metrics.compute();
        assertThat(r.get("accuracy")).isEqualTo(0.6);
        // class 0: tp1 fp0 fn1 -> 2/3 ; class 1: tp1 fp1 fn0 -> 2/3 ; class 2: tp1 fp1 fn1 -> 1/2
        assertThat(r.get("macro_f1")).isCloseTo((2.0 / 3 + 2.0 / 3 + 0.5) / 3, offset(1e-12));
        double lse = Math.log(Math.exp(3) + 2);
        assertThat(r.get("loss")).isCloseTo((3 * (lse - 3) + 2 * lse) / 5, offset(1e-5));
        assertThat(r).containsEntry("class_accuracy/0_t_shirt_top", 0.5)
                .containsEntry("class_accuracy/1_trouser", 1.0)
                .containsEntry("class_accuracy/2_bag", 0.5);
        assertThat(seen.get().count(0, 2)).isEqualTo(1);
        assertThat(seen.get().toJson()).contains("\"counts\": [[1, 0, 1], [0, 1, 0], [0, 1, 1]]");
    }

    @Test
    void emptyPassIsNaNAndBadLabelsAreRefused() {
        ClassificationMetrics metrics = ClassificationMetrics.builder().setClassNames(List.of("a", "b")).build();
        assertThat(metrics.compute().get("accuracy")).isNaN();
        assertThat(metrics.compute()).doesNotContainKeys("loss", "class_accuracy/0_a");
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> metrics.update(new NDList(m.create(new float[][] {{1, 0}})),
                    new NDList(m.create(new float[] {2}))))
                    .hasMessage("label 2 is outside [0, 2)");
        }
        assertThatThrownBy(() -> ClassificationMetrics.builder().build()).hasMessageContaining("setClassNames");
    }

    @Test
    void confusionMatrixPngDecodes() throws Exception {
        ConfusionMatrix matrix = new ConfusionMatrix(List.of("cat", "dog"));
        matrix.add(0, 0);
        matrix.add(1, 0);
        Path png = tmp.resolve("report/cm.png");
        matrix.writePng(png, "test");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isGreaterThan(100);
        assertThat(matrix.macroF1()).isCloseTo((2.0 / 3 + 0) / 2, offset(1e-12));
    }

    @Test
    void rowLabelsNameTheIndexOnceWhenTheClassNameIsTheIndex() {
        ConfusionMatrix digits = new ConfusionMatrix(List.of("0", "1", "2"));
        assertThat(digits.rowLabel(0)).isEqualTo("0");
        assertThat(digits.rowLabel(2)).isEqualTo("2");
        ConfusionMatrix named = new ConfusionMatrix(List.of("cat", "dog", "1"));
        assertThat(named.rowLabel(1)).isEqualTo("dog (1)");
        assertThat(named.rowLabel(2)).isEqualTo("1 (2)"); // a digit name at another index keeps both
    }
}
