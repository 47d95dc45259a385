package dev.lorakit.plugins.styletransfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.lorakit.api.ExperimentContext;
import dev.lorakit.api.MainMetric;
import dev.lorakit.api.ReinforcementTask;
import dev.lorakit.api.RlRuntime;
import dev.lorakit.zoo.vision.ContactSheet;
import dev.lorakit.zoo.vision.Images;
import dev.lorakit.zoo.vision.Vgg19;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gatys et al.'s optimisation for each content picture in turn, by {@link GatysStyleTransfer}
 * (its own L-BFGS or Adam on the pixels). It drives its own loop, as a {@link
 * ReinforcementTask} does, and logs {@code losses/total} per iteration; the shared learner is
 * not stepped, because the pixels of one picture at a time are what is optimised, not the
 * model. Results go to {@code stylized/<name>.png} and the contact sheet to {@code
 * report/contact-sheet.png}; the {@link StyleCheck} of every picture to {@code
 * report/style-check.html}, and their means to the metrics {@code check/*}.
 */
final class GatysTask implements ReinforcementTask {

    /** Folder of the optimised pictures in the run directory. */
    static final String OUTPUT_DIR = "stylized";

    /** Prefix of the {@link StyleCheck} metrics. */
    static final String CHECK_PREFIX = "check/";

    private final StyleTransferConfig config;
    private final StylePictures pictures;
    private final Vgg19 vgg;
    private final PixelImage model;
    private final Path runDirectory;
    private final NDManager manager;

    GatysTask(StyleTransferConfig config, ExperimentContext context) throws IOException {
        this.config = config;
        this.pictures = StylePictures.load(config, context);
        this.vgg = LossNetworks.build(config.lossNetwork(), context);
        this.model = new PixelImage(config.imageSize());
        this.runDirectory = context.runDirectory();
        this.manager = context.manager();
        LossNetworks.writeNote(config.lossNetwork(), runDirectory);
    }

    @Override
    public Block model() {
        return model;
    }

    @Override
    public Shape[] inputShapes() {
        return new Shape[] {new Shape(1)};
    }

    @Override
    public MainMetric mainMetric() {
        return new MainMetric("losses/total", false);
    }

    @Override
    public void train(RlRuntime runtime) throws Exception {
        StyleTransferConfig.Gatys g = config.gatys();
        int size = config.imageSize();
        List<List<BufferedImage>> rows = new ArrayList<>();
        List<StyleCheck> checks = new ArrayList<>();
        BufferedImage styleView = pictures.styleAt(config.styleSize());
        ColourStatistics styleColours = ColourStatistics.of(styleView);
        long total = (long) g.iterations() * pictures.contents().size();
        for (int p = 0; p < pictures.contents().size(); p++) {
            long offset = (long) p * g.iterations();
            String name = pictures.contentNames().get(p);
            GatysStyleTransfer.Builder builder = GatysStyleTransfer.builder()
                    .setLossNetwork(vgg)
                    .optIterations(g.iterations())
                    .optMethod(g.optimizer() == StyleTransferConfig.Optimizer.LBFGS
                            ? GatysStyleTransfer.Method.LBFGS : GatysStyleTransfer.Method.ADAM)
                    .optWeights(config.weights().content(), config.weights().style(), config.weights().tv())
                    .optStyleLayerWeights(config.weights().styleLayers())
                    .optListener((i, loss) -> {
                        runtime.log(offset + i, Map.of("losses/total", loss));
                        runtime.progress(offset + i, total, name + " loss " + String.format(java.util.Locale.ROOT, "%.4g", loss));
                    });
            if (g.learningRate() != null) {
                builder.optLearningRate(g.learningRate().floatValue());
            }
            BufferedImage content = StylePictures.square(pictures.contents().get(p), size);
            try (NDManager step = manager.newSubManager()) {
                NDArray x = Images.toArray(step, content).expandDims(0);
                NDArray s = Images.toArray(step, styleView).expandDims(0);
                GatysStyleTransfer.Result r = builder.build().stylize(x, s);
                model.image().getArray().set(r.image().toFloatArray());
                BufferedImage result = Images.fromArray(r.image());
                Images.write(result, runDirectory.resolve(OUTPUT_DIR).resolve(stem(name) + ".png"));
                rows.add(List.of(content, styleView, result));
                checks.add(StyleCheck.of(name, content, result, styleColours, r.before().style(), r.after().style(),
                        r.after().content()));
                runtime.log(offset + g.iterations(), Map.of("charts/evaluations", (double) r.evaluations(),
                        "charts/loss_network_pretrained", config.lossNetwork().weights() != null ? 1.0 : 0.0));
            }
        }
        // Logged once, after the last picture, so summary.json holds the means over all pictures.
        runtime.log(total, StyleCheck.means(checks, CHECK_PREFIX));
        StyleCheck.writeReport(checks, runDirectory);
        Images.write(ContactSheet.draw(List.of("content", "style", "Gatys " + g.optimizer().id()), rows, 192),
                runDirectory.resolve(StyleMetrics.CONTACT_SHEET));
    }

    private static String stem(String file) {
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }
}
