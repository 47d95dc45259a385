package dev.lorakit.plugins.styletransfer;

import dev.lorakit.testing.support.TestContext;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.lorakit.train.DefaultLearner;
import dev.lorakit.train.DefaultRlRuntime;
import dev.lorakit.train.metrics.MetricsListener;
import dev.lorakit.train.optim.AdamW;
import dev.lorakit.train.optim.AdamWConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Gatys task run by the host's real RL runtime, on tiny pictures and a narrow VGG19. */
class GatysTaskTest {

    @TempDir Path tmp;

    @Test
    void optimisesEachPictureWritesThemAndLogsTheLoss() throws Exception {
        Path data = tmp.resolve("data");
        StyleTransferPluginTest.writePictures(data.resolve("images"));
        StyleTransferConfig config = new StyleTransferConfig(null, List.of("a.png", "b.png"), "stripes.png", 32, null,
                new StyleTransferConfig.LossWeights(1.0, 1e3, 0.0, null), new StyleTransferConfig.LossNetwork(null, 16, "average", null),
                null, new StyleTransferConfig.Gatys(StyleTransferConfig.Optimizer.LBFGS, 4, null));
        Path run = tmp.resolve("run");
        List<Map<String, Double>> logged = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            GatysTask task = (GatysTask) new StyleTransferPlugin().createTask(config, new TestContext(run, data, 1, manager));
            task.model().initialize(manager, DataType.FLOAT32, task.inputShapes());
            MetricsListener listener = new MetricsListener() {
                @Override
                public void onMetrics(long step, Map<String, Double> metrics) {
                    logged.add(metrics);
                }

                @Override
                public void close() {}
            };
            try (DefaultLearner learner = DefaultLearner.builder().setModel(task.model())
                            .setOptimizer(new AdamW(new AdamWConfig(0.01, 0.9, 0.999, 1e-8, 0), manager)).setSeed(1).build();
                    DefaultRlRuntime runtime = DefaultRlRuntime.builder().setLearner(learner).setTask(task)
                            .optListener(listener).build()) {
                runtime.run();
            }
        }
        assertThat(run.resolve("stylized/a.png")).exists();
        assertThat(run.resolve("stylized/b.png")).exists();
        assertThat(run.resolve(StyleMetrics.CONTACT_SHEET)).exists();
        double[] losses = logged.stream().filter(m -> m.containsKey("losses/total")).mapToDouble(m -> m.get("losses/total")).toArray();
        assertThat(losses.length).isBetween(2, 8);
        assertThat(losses[losses.length - 1]).isLessThan(losses[0]);
        assertThat(logged).anyMatch(m -> Double.valueOf(0.0).equals(m.get("charts/loss_network_pretrained")));
        Map<String, Double> check = logged.stream().filter(m -> m.containsKey("check/style_loss_result")).findFirst().orElseThrow();
        assertThat(check.get("check/style_loss_result")).isLessThan(check.get("check/style_loss_content"));
        assertThat(check.get("check/content_loss_result")).isPositive();
        assertThat(check.get("check/colour_distance_content")).isPositive();
        assertThat(run.resolve(StyleCheck.REPORT_FILE)).content().contains("<td>a.png</td>").contains("<td>b.png</td>");
    }
}
