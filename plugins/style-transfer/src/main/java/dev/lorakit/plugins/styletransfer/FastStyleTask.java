package dev.lorakit.plugins.styletransfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.lorakit.api.AbstractSupervisedTask;
import dev.lorakit.api.ExperimentContext;
import dev.lorakit.api.MainMetric;
import dev.lorakit.api.MetricAccumulator;
import dev.lorakit.lora.LoraLayer;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.zoo.vision.FastStylizer;
import dev.lorakit.zoo.vision.Images;
import dev.lorakit.zoo.vision.TransformerNet;
import dev.lorakit.zoo.vision.Vgg19;
import dev.lorakit.zoo.vision.VisionWeights;
import dev.lorakit.zoo.vision.WeightsFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Fast style transfer (Johnson et al. 2016): trains a {@link TransformerNet} so that its output
 * for a content crop has the crop's VGG19 content and the style picture's Gram matrices. With
 * LoRA on, the base network ({@code fast.base_weights}) stays frozen and the run's {@code
 * adapter/} is the style; without, the whole network trains and is written to {@value
 * #MODEL_FILE} (the base for later style adapters). Every evaluation redraws the contact sheet.
 */
final class FastStyleTask extends AbstractSupervisedTask {

    /** The trained network in the run directory (full training only). */
    static final String MODEL_FILE = "transformer-net.safetensors";

    private final StyleTransferConfig config;
    private final TransformerNet model;
    private final Vgg19 vgg;
    private final PerceptualLoss loss;
    private final PictureExamples eval;
    private final StylePictures pictures;
    private final Path runDirectory;
    private final Path baseWeights;
    private final Path saveWeightsTo;
    private boolean adapted;

    FastStyleTask(StyleTransferConfig config, ExperimentContext context) throws IOException {
        super(new MainMetric("eval/loss", false));
        this.config = config;
        StyleTransferConfig.Fast fast = config.fast();
        this.runDirectory = context.runDirectory();
        this.pictures = StylePictures.load(config, context);
        this.baseWeights = fast.baseWeights() == null ? null : context.resolve(fast.baseWeights());
        // Read once: sizes, recorded output kind and weights all come from this.
        WeightsFile base = baseWeights == null ? null : WeightsFile.read(baseWeights);
        this.saveWeightsTo = fast.saveWeightsTo() == null ? null : context.resolve(fast.saveWeightsTo());
        this.model = baseWeights == null
                ? TransformerNet.builder()
                        .optChannels(fast.channels().get(0), fast.channels().get(1), fast.channels().get(2))
                        .optResidualBlocks(fast.residualBlocks())
                        .optOutput(fast.output() == null ? TransformerNet.Output.TANH
                                : TransformerNet.Output.parse(fast.output(), StyleTransferConfig.SECTION + "fast.output"))
                        .build()
                : TransformerNet.builderFor(base).optOutput(baseOutput(base, fast.output())).build();
        setModel(model, new Shape(1, 3, config.imageSize(), config.imageSize()));
        // Initialised in the run's manager (not the host's Model), so the weights outlive
        // training until close() writes them.
        model.initialize(context.manager(), DataType.FLOAT32, inputShapes());
        if (base != null) {
            base.loadInto(model, key -> false);
        }
        this.vgg = LossNetworks.build(config.lossNetwork(), context);
        this.loss = new PerceptualLoss(vgg, fast.contentLayers(), fast.styleLayers(), config.weights().styleLayers(),
                Images.toArray(context.manager(), pictures.styleAt(config.styleSize())),
                config.weights().content(), config.weights().style(), config.weights().tv());
        PictureExamples train = new PictureExamples(pictures.crops(fast.crops(), config.imageSize(), context.random("crops")));
        this.eval = new PictureExamples(pictures.contents().stream()
                .map(p -> StylePictures.square(p, fast.evalSize())).toList());
        setData(train, eval);
        LossNetworks.writeNote(config.lossNetwork(), runDirectory);
    }

    /** The base file's recorded output kind; a config value that contradicts it is an error. */
    private static TransformerNet.Output baseOutput(WeightsFile base, String configured) {
        TransformerNet.Output recorded = TransformerNet.outputOf(base);
        if (configured != null && !configured.equals(recorded.id())) {
            throw new IllegalArgumentException(StyleTransferConfig.SECTION + "fast.output is '" + configured + "' but "
                    + base.file() + " was trained with output '" + recorded.id()
                    + "' (recorded in its metadata): remove fast.output or set it to '" + recorded.id() + "'");
        }
        return recorded;
    }

    @Override
    public void onModelReady(Block block) {
        adapted = ModuleTree.namedModules(block).values().stream().anyMatch(b -> b instanceof LoraLayer);
        if (adapted && baseWeights == null) {
            throw new IllegalArgumentException(StyleTransferConfig.SECTION + "fast.base_weights is required with LoRA: "
                    + "a style adapter adapts a trained base network (train one with lora.enabled: false first)");
        }
    }

    @Override
    public NDArray loss(NDList predictions, NDList labels) {
        return loss.terms(predictions.head(), loss.contentFeatures(labels.head())).total();
    }

    @Override
    public MetricAccumulator newMetrics() {
        String title = adapted ? "LoRA adapter" : "trained network";
        return new StyleMetrics(loss, pictures.styleAt(192), pictures.contentNames(), title,
                runDirectory.resolve(StyleMetrics.CONTACT_SHEET),
                config.lossNetwork().weights() != null);
    }

    /**
     * The frozen VGG19 the losses are measured with, for tests.
     *
     * @return the loss network
     */
    Vgg19 lossNetwork() {
        return vgg;
    }

    /**
     * The content pictures as evaluated (square views), for tests.
     *
     * @return the pictures
     */
    List<BufferedImage> evalPictures() {
        return eval.pictures();
    }

    @Override
    public void close() throws IOException {
        try {
            Path base = baseWeights;
            if (!adapted && model.isInitialized()) {
                Map<String, String> metadata = Map.of("format", "pt", "producer", "lorakit style-transfer",
                        "style_image", pictures.styleFile().getFileName().toString(),
                        TransformerNet.OUTPUT_METADATA_KEY, model.output().id());
                base = runDirectory.resolve(MODEL_FILE);
                VisionWeights.save(model, base, metadata);
                if (saveWeightsTo != null) {
                    VisionWeights.save(model, saveWeightsTo, metadata);
                }
            }
            if (base != null) {
                FastStylizer.writeRunInfo(runDirectory, base, pictures.styleFile(), config.lossNetwork().weights() != null);
            }
        } finally {
            loss.close();
        }
    }
}
