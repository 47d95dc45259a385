package dev.lorakit.plugins.styletransfer;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lorakit.api.ExperimentContext;
import dev.lorakit.lora.io.AtomicFiles;
import dev.lorakit.lora.peft.PeftAdapters;
import dev.lorakit.zoo.vision.Vgg19;
import dev.lorakit.zoo.vision.VisionWeights;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the VGG19 loss network a config describes, and says in the run directory whether it has
 * pretrained weights: without them the losses measure random features, and every run must say so.
 */
final class LossNetworks {

    private static final Logger LOG = LoggerFactory.getLogger(LossNetworks.class);

    /** The report file that states which loss network a run used. */
    static final String NOTE_FILE = "report/loss-network.txt";

    /** The message of every run without pretrained VGG19 weights. */
    static final String RANDOM_WEIGHTS_NOTE = "The VGG19 loss network has RANDOM weights: no ImageNet VGG19 weights are "
            + "reachable on the machines this project is built on. Results are textures of random features, not the "
            + "paper's pictures. Set style-transfer.loss_network.weights to a torchvision-layout vgg19.safetensors "
            + "(see docs/vision.md) for real perceptual losses.";

    /**
     * The console line of a run without pretrained VGG19 weights: the report files say it too, but
     * a user watching the console would otherwise only find out from the pictures.
     */
    static final String RANDOM_WEIGHTS_WARNING = StyleTransferConfig.SECTION + "loss_network.weights is not set:"
            + " no pretrained VGG19 file (a torchvision-layout vgg19.safetensors, see docs/vision.md), so the loss"
            + " network has RANDOM weights and the results are textures of random features, not the paper's pictures";

    private LossNetworks() {}

    /**
     * The initialised, frozen loss network.
     *
     * @param config the loss network section
     * @param context the run context (manager, path resolution, run directory)
     * @return the network
     * @throws IOException when the weights file cannot be read
     * @throws IllegalArgumentException when {@code loss_network.adapter} is not an adapter of
     *     this VGG19 (missing folder, other model, other width)
     */
    static Vgg19 build(StyleTransferConfig.LossNetwork config, ExperimentContext context) throws IOException {
        Vgg19 vgg = Vgg19.builder()
                .optWidthDivisor(config.widthDivisor())
                .optPooling(config.pooling().equals("average") ? Vgg19.Pooling.AVERAGE : Vgg19.Pooling.MAX)
                .build();
        vgg.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
        if (config.weights() != null) {
            VisionWeights.load(vgg, context.resolve(config.weights()), key -> key.startsWith("classifier."));
        }
        if (config.adapter() != null) {
            Path folder = context.resolve(config.adapter());
            try {
                PeftAdapters.load(vgg, folder);
            } catch (IOException | IllegalArgumentException e) {
                // PEFT's messages name the file but not the config key, nor what would fit.
                throw new IllegalArgumentException(StyleTransferConfig.SECTION + "loss_network.adapter \"" + folder
                        + "\" is not a LoRA adapter of this VGG19 (width divisor " + config.widthDivisor()
                        + ", targets like features.0 ... features.34): " + e.getMessage(), e);
            }
        }
        vgg.freezeParameters(true);
        return vgg;
    }

    /**
     * Writes {@value #NOTE_FILE} (shown in {@code report.html}) and, without pretrained weights,
     * prints {@link #RANDOM_WEIGHTS_WARNING} as a warning on the console. Both tasks call it when
     * they start.
     *
     * @param config the loss network section
     * @param runDirectory the run directory
     * @throws IOException when writing fails
     */
    static void writeNote(StyleTransferConfig.LossNetwork config, Path runDirectory) throws IOException {
        if (config.weights() == null) {
            LOG.warn(RANDOM_WEIGHTS_WARNING);
        }
        String text = config.weights() == null
                ? RANDOM_WEIGHTS_NOTE
                : "The VGG19 loss network was loaded from " + config.weights() + ".";
        if (config.adapter() != null) {
            text += "\nA frozen LoRA adapter from " + config.adapter() + " modifies the loss network's convolutions.";
        }
        text += "\nwidth divisor " + config.widthDivisor() + ", " + config.pooling() + " pooling.\n";
        AtomicFiles.writeString(runDirectory.resolve(NOTE_FILE), text);
    }
}
