package dev.lorakit.plugins.styletransfer;

import dev.lorakit.testing.support.TestContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.lorakit.api.Batch;
import dev.lorakit.api.Learner;
import dev.lorakit.train.DefaultLearner;
import dev.lorakit.train.optim.AdamW;
import dev.lorakit.train.optim.AdamWConfig;
import dev.lorakit.api.MetricAccumulator;
import dev.lorakit.api.SupervisedTask;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.peft.PeftAdapters;
import dev.lorakit.lora.peft.PeftMetadata;
import dev.lorakit.zoo.vision.FastStylizer;
import dev.lorakit.zoo.vision.TransformerNet;
import dev.lorakit.zoo.vision.WeightsFile;
import dev.lorakit.zoo.vision.Images;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StyleTransferPluginTest {

    @TempDir Path tmp;
    private NDManager manager;

    @BeforeEach
    void open() {
        ai.djl.engine.Engine.getInstance().setRandomSeed(11);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Content pictures (smooth gradients) and a style picture (stripes) in a data folder. */
    static void writePictures(Path images) throws IOException {
        Files.createDirectories(images);
        Random r = new Random(3);
        for (String name : List.of("a.png", "b.png")) {
            BufferedImage p = new BufferedImage(40, 32, BufferedImage.TYPE_INT_RGB);
            int tint = r.nextInt(128);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 40; x++) {
                    p.setRGB(x, y, (x * 6 << 16) | (y * 7 << 8) | tint);
                }
            }
            Images.write(p, images.resolve(name));
        }
        BufferedImage style = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 24; x++) {
                style.setRGB(x, y, (x + y) % 6 < 3 ? 0xF0D020 : 0x1030A0);
            }
        }
        Images.write(style, images.resolve("stripes.png"));
    }

    static StyleTransferConfig fastConfig(String baseWeights) {
        return fastConfig(baseWeights, null);
    }

    static StyleTransferConfig fastConfig(String baseWeights, String output) {
        return new StyleTransferConfig(null, List.of("a.png", "b.png"), "stripes.png", 32, null,
                new StyleTransferConfig.LossWeights(1.0, 1e3, 0.0, null),
                new StyleTransferConfig.LossNetwork(null, 16, null, null),
                new StyleTransferConfig.Fast(6, 32, List.of(4, 8, 8), 1, null, null, baseWeights, null, output),
                null);
    }

    private FastStyleTask task(StyleTransferConfig config, Path run) throws Exception {
        Path data = tmp.resolve("data");
        writePictures(data.resolve("images"));
        return (FastStyleTask) new StyleTransferPlugin().createTask(config, new TestContext(run, data, 7, manager));
    }

    /**
     * The host's own learner (AdamW, non-finite steps skipped) over the task's loss, until {@code
     * applied} updates were made or {@code maxSteps} steps ran; returns the losses of the applied
     * steps. Steps are skipped now and then because the engine returns NaN gradients for some
     * convolution backward passes on this CPU (docs/vision.md, known issue).
     */
    static double[] train(SupervisedTask task, NDManager manager, int applied, int maxSteps) {
        java.util.List<Double> losses = new java.util.ArrayList<>();
        try (DefaultLearner learner = DefaultLearner.builder().setModel(task.model())
                .setOptimizer(new AdamW(new AdamWConfig(0.01, 0.9, 0.999, 1e-8, 0), manager)).setSeed(1).build()) {
            for (int s = 0; s < maxSteps && losses.size() < applied; s++) {
                try (NDManager step = manager.newSubManager()) {
                    int n = task.trainData().size();
                    Batch b = task.trainData().batch(step, new int[] {s % n, (s + 1) % n});
                    Learner.StepResult r = learner.step(fwd -> task.loss(fwd.apply(b.inputs()), b.labels()));
                    if (r.applied()) {
                        losses.add(r.loss());
                    }
                }
            }
        }
        return losses.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static Map<String, Double> evaluate(SupervisedTask task, NDManager manager) {
        MetricAccumulator metrics = task.newMetrics();
        try (NDManager step = manager.newSubManager()) {
            Batch b = task.evalData().batch(step, new int[] {0, 1});
            metrics.update(task.model().forward(new ParameterStore(step, false), b.inputs(), false), b.labels());
        }
        return metrics.compute();
    }

    @Test
    void baseNetworkLearnsAndALoraStyleAdapterLoadsIntoTheStylizer() throws Exception {
        Path baseRun = tmp.resolve("base");
        FastStyleTask base = task(fastConfig(null), baseRun);
        assertThat(base.trainData().size()).isEqualTo(6);
        base.onModelReady(base.model());
        double before = evaluate(base, manager).get("loss");
        assertThat(train(base, manager, 10, 40).length).as("applied steps").isGreaterThanOrEqualTo(3);
        Map<String, Double> after = evaluate(base, manager);
        assertThat(after.get("loss")).isLessThan(before);
        assertThat(after.get("loss_network_pretrained")).isZero();
        assertThat(after.get("check_style_loss_result")).isEqualTo(after.get("style_loss"), within(1e-6 * after.get("style_loss")));
        assertThat(after.get("check_style_loss_content")).isPositive();
        assertThat(after.get("check_colour_distance_result")).isPositive();
        assertThat(baseRun.resolve(StyleCheck.REPORT_FILE)).content().contains("<td>a.png</td>").contains("<td>b.png</td>");
        assertThat(Files.size(baseRun.resolve(StyleMetrics.CONTACT_SHEET))).isPositive();
        assertThat(Files.readString(baseRun.resolve(LossNetworks.NOTE_FILE))).contains("RANDOM weights");
        base.close();
        Path weights = baseRun.resolve(FastStyleTask.MODEL_FILE);
        assertThat(weights).exists();
        // A new base is bounded by default, and the file says so for every later user.
        assertThat(TransformerNet.outputOf(WeightsFile.read(weights))).isEqualTo(TransformerNet.Output.TANH);
        assertThatThrownBy(() -> task(fastConfig(weights.toString(), "linear"), tmp.resolve("mismatch")))
                .hasMessageContaining("fast.output is 'linear'").hasMessageContaining("output 'tanh'");
        assertThat(FastStylizer.baseWeightsOf(baseRun)).isEqualTo(weights.toAbsolutePath().normalize());

        // A style adapter on the frozen base: only the LoRA matrices train.
        Path styleRun = tmp.resolve("style");
        FastStyleTask style = task(fastConfig(weights.toString()), styleRun);
        LoraModel lora = LoraModel.builder().setBlock(style.model())
                .setConfig(LoraConfig.of(StyleTransferPlugin.ALL_CONVOLUTIONS).withR(2)).optSeed(1).build();
        style.onModelReady(style.model());
        double[] l = train(style, manager, 5, 40);
        assertThat(l.length).as("applied steps").isGreaterThanOrEqualTo(2);
        assertThat(l[l.length - 1]).isLessThan(l[0]);
        PeftAdapters.save(lora, styleRun.resolve("adapter"), new PeftMetadata("style-transfer", null));
        style.close();
        assertThat(styleRun.resolve(FastStyleTask.MODEL_FILE)).doesNotExist();
        Path adapter = styleRun.resolve("adapter");
        assertThat(FastStylizer.baseWeightsOf(adapter)).isEqualTo(weights.toAbsolutePath().normalize());

        BufferedImage picture = style.evalPictures().get(0);
        NDArray x = Images.toArray(manager, picture).expandDims(0);
        BufferedImage expected = Images.fromArray(style.model().forward(new ParameterStore(manager, false), new NDList(x), false).head());
        try (FastStylizer stylizer = FastStylizer.open(weights)) {
            BufferedImage plain = stylizer.stylize(picture);
            stylizer.addStyle("stripes", adapter);
            assertThat(stylizer.style()).isEqualTo(FastStylizer.BASE);
            assertThat(sameRgb(stylizer.stylize(picture), plain)).isTrue();
            stylizer.setStyle("stripes");
            assertThat(sameRgb(stylizer.stylize(picture), expected)).isTrue();
            assertThat(sameRgb(plain, expected)).isFalse();
            stylizer.setStyle(FastStylizer.BASE);
            assertThat(sameRgb(stylizer.stylize(picture), plain)).isTrue();
        }
    }

    private static boolean sameRgb(BufferedImage a, BufferedImage b) {
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void anUnknownOutputKindIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new StyleTransferConfig.Fast(null, null, null, null, null, null, null, null, "sigmoid"))
                .hasMessageContaining("fast.output").hasMessageContaining("sigmoid").hasMessageContaining("linear, tanh");
    }

    @Test
    void loraWithoutABaseNetworkIsRefused() throws Exception {
        FastStyleTask t = task(fastConfig(null), tmp.resolve("run"));
        LoraModel.builder().setBlock(t.model()).setConfig(LoraConfig.of("conv2d")).build();
        assertThatThrownBy(() -> t.onModelReady(t.model())).hasMessageContaining("fast.base_weights is required with LoRA");
    }

    @Test
    void missingPicturesNameTheKeyAndTheFetchScript() {
        StyleTransferConfig c = new StyleTransferConfig(tmp.toString(), List.of("nope.png"), "stripes.png", 16, null, null,
                null, new StyleTransferConfig.Fast(null, null, null, null, null, null, null, null, null), null);
        assertThatThrownBy(() -> new StyleTransferPlugin().createTask(c, new TestContext(tmp.resolve("r"), tmp, 1, manager)))
                .hasMessageContaining("style-transfer.content_images[0] \"nope.png\"")
                .hasMessageContaining("fetch-images.sh");
    }

    @Test
    void styleLayerWeightsNeedOneWeightPerLayerOfTheMode() {
        StyleTransferConfig.Gatys gatys = new StyleTransferConfig.Gatys(null, null, null);
        StyleTransferConfig.Fast fast = new StyleTransferConfig.Fast(null, null, null, null, null,
                List.of("relu1_2", "relu2_2"), null, null, null);
        assertThat(new StyleTransferConfig(null, List.of("a.png"), "s.png", null, null,
                new StyleTransferConfig.LossWeights(null, null, null, List.of(1.0, 5.0, 50.0, 500.0, 1500.0)), null, null, gatys)
                .weights().styleLayers()).containsExactly(1.0, 5.0, 50.0, 500.0, 1500.0);
        assertThat(new StyleTransferConfig(null, List.of("a.png"), "s.png", null, null,
                new StyleTransferConfig.LossWeights(null, null, null, List.of(1.0, 0.0)), null, fast, null)
                .weights().styleLayers()).containsExactly(1.0, 0.0);
        assertThatThrownBy(() -> new StyleTransferConfig(null, List.of("a.png"), "s.png", null, null,
                new StyleTransferConfig.LossWeights(null, null, null, List.of(1.0, 2.0)), null, null, gatys))
                .hasMessageContaining("style-transfer.weights.style_layers: style layer weights [1.0, 2.0] must give one weight "
                        + "per style layer, in order: [conv1_1, conv2_1, conv3_1, conv4_1, conv5_1] (Gatys mode's layers)");
        assertThatThrownBy(() -> new StyleTransferConfig(null, List.of("a.png"), "s.png", null, null,
                new StyleTransferConfig.LossWeights(null, null, null, List.of(1.0, 1.0, 1.0)), null, fast, null))
                .hasMessageContaining("[relu1_2, relu2_2] (fast.style_layers)");
        assertThatThrownBy(() -> new StyleTransferConfig(null, List.of("a.png"), "s.png", null, null,
                new StyleTransferConfig.LossWeights(null, null, null, List.of(1.0, -1.0)), null, fast, null))
                .hasMessageContaining("style-transfer.weights.style_layers: style layer weights must be >= 0 and not all 0, "
                        + "got [1.0, -1.0]");
        assertThatThrownBy(() -> new StyleTransferConfig(null, List.of("a.png"), "s.png", null, null,
                new StyleTransferConfig.LossWeights(null, null, null, List.of(0.0, 0.0)), null, fast, null))
                .hasMessageContaining("not all 0, got [0.0, 0.0]");
    }

    @Test
    void styleSizeDefaultsToTheImageSizeAndIsChecked() {
        StyleTransferConfig.Gatys gatys = new StyleTransferConfig.Gatys(null, null, null);
        assertThat(new StyleTransferConfig(null, List.of("a.png"), "s.png", 64, null, null, null, null, gatys).styleSize())
                .isEqualTo(64);
        assertThat(new StyleTransferConfig(null, List.of("a.png"), "s.png", 64, 256, null, null, null, gatys).styleSize())
                .isEqualTo(256);
        assertThatThrownBy(() -> new StyleTransferConfig(null, List.of("a.png"), "s.png", 64, 8, null, null, null, gatys))
                .hasMessageContaining("style-transfer.style_size must be in [16, 2048] (the style picture's shorter side), got 8");
    }

    @Test
    void configErrorsNameTheKey() {
        assertThatThrownBy(() -> new StyleTransferConfig(null, List.of("a.png"), "s.png", 30, null, null, null,
                new StyleTransferConfig.Fast(null, null, null, null, null, null, null, null, null), null))
                .hasMessageContaining("image_size must be a multiple of 4 in [16, 1024], got 30");
        assertThatThrownBy(() -> new StyleTransferConfig(null, List.of("a.png"), "s.png", null, null, null, null, null, null))
                .hasMessageContaining("give exactly one of the sections fast").hasMessageContaining("got neither");
        assertThatThrownBy(() -> new StyleTransferConfig.Fast(null, null, null, null, List.of("conv9_1"), null, null, null, null))
                .hasMessageContaining("fast.content_layers[0] \"conv9_1\" is not a VGG19 layer");
        assertThatThrownBy(() -> new StyleTransferConfig.LossNetwork("vgg19.safetensors", 4, null, null))
                .hasMessageContaining("width_divisor must be 1 when loss_network.weights is set");
        assertThatThrownBy(() -> StyleTransferConfig.Optimizer.of("sgd"))
                .hasMessageContaining("gatys.optimizer \"sgd\" is unknown; known: [lbfgs, adam]");
    }
}
