package dev.lorakit.plugins.styletransfer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.lorakit.api.TaskConfig;
import dev.lorakit.zoo.vision.TransformerNet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The {@code style-transfer:} section of a config. Exactly one of {@code fast} (train Johnson
 * et al.'s transformation network, or a LoRA adapter on it) and {@code gatys} (optimise one
 * picture) is given; it selects the mode.
 *
 * <pre>{@code
 * style-transfer:
 *   content_images: [astronaut.png, chelsea.png, coffee.png]   # under data_dir
 *   style_image: starry_night.jpg
 *   image_size: 128
 *   weights: {content: 1.0, style: 30.0, tv: 0.0}
 *   loss_network: {weights: null, width_divisor: 4}
 *   fast: {crops: 48, channels: [16, 32, 64], residual_blocks: 3, save_weights_to: ../runs/style-base.safetensors}
 * }</pre>
 *
 * @param dataDir folder of the pictures; default {@code <data>/images} (fetch-images.sh)
 * @param contentImages content pictures (file names under {@code data_dir}, or paths)
 * @param styleImage the style picture
 * @param imageSize side of the square training crops (fast) or of the optimised picture (gatys);
 *     a multiple of 4 from 16 to 1024
 * @param styleSize the style picture's shorter side when its Gram matrices are measured, from 16
 *     to 2048 (PyTorch fast-neural-style's {@code --style-size}); default {@code image_size}.
 *     Gram matrices are normalised by the map size, so this sets the scale of the brush strokes
 *     that count as style, not the loss's magnitude
 * @param weights loss weights
 * @param lossNetwork the VGG19 loss network
 * @param fast fast mode settings, or null
 * @param gatys Gatys mode settings, or null
 */
public record StyleTransferConfig(
        @JsonProperty("data_dir") String dataDir,
        @JsonProperty("content_images") List<String> contentImages,
        @JsonProperty("style_image") String styleImage,
        @JsonProperty("image_size") Integer imageSize,
        @JsonProperty("style_size") Integer styleSize,
        @JsonProperty("weights") LossWeights weights,
        @JsonProperty("loss_network") LossNetwork lossNetwork,
        @JsonProperty("fast") Fast fast,
        @JsonProperty("gatys") Gatys gatys)
        implements TaskConfig {

    static final String SECTION = "style-transfer.";

    /**
     * Applies defaults and validates.
     *
     * @param dataDir picture folder or null
     * @param contentImages content pictures (required, not empty)
     * @param styleImage style picture (required)
     * @param imageSize crop or picture size, default 128
     * @param styleSize style picture size or null for {@code imageSize}
     * @param weights loss weights or null for defaults
     * @param lossNetwork VGG settings or null for defaults
     * @param fast fast mode or null
     * @param gatys Gatys mode or null
     */
    public StyleTransferConfig {
        if (contentImages == null || contentImages.isEmpty()) {
            throw new IllegalArgumentException(SECTION + "content_images is required: a list of pictures, e.g. [astronaut.png]");
        }
        contentImages = List.copyOf(contentImages);
        if (styleImage == null || styleImage.isBlank()) {
            throw new IllegalArgumentException(SECTION + "style_image is required, e.g. starry_night.jpg");
        }
        imageSize = imageSize == null ? 128 : imageSize;
        if (imageSize < 16 || imageSize > 1024 || imageSize % 4 != 0) {
            throw new IllegalArgumentException(SECTION + "image_size must be a multiple of 4 in [16, 1024], got " + imageSize);
        }
        styleSize = styleSize == null ? imageSize : styleSize;
        if (styleSize < 16 || styleSize > 2048) {
            throw new IllegalArgumentException(SECTION + "style_size must be in [16, 2048] (the style picture's shorter side), got "
                    + styleSize);
        }
        weights = weights == null ? new LossWeights(null, null, null, null) : weights;
        lossNetwork = lossNetwork == null ? new LossNetwork(null, null, null, null) : lossNetwork;
        if ((fast == null) == (gatys == null)) {
            throw new IllegalArgumentException(SECTION + "give exactly one of the sections fast (train a transformation "
                    + "network or a LoRA style adapter) and gatys (optimise one picture); got "
                    + (fast == null ? "neither" : "both"));
        }
        try {
            PerceptualLoss.factors(fast != null ? fast.styleLayers() : GatysStyleTransfer.STYLE_LAYERS, weights.styleLayers());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SECTION + "weights.style_layers: " + e.getMessage()
                    + (fast != null ? " (fast.style_layers)" : " (Gatys mode's layers)"), e);
        }
    }

    /**
     * The mode the config selects.
     *
     * @return true for fast style transfer
     */
    boolean isFast() {
        return fast != null;
    }

    /**
     * Loss weights: {@code content × content loss + style × mean over style layers of (w_l × style
     * loss_l) + tv × total variation}. Each layer's style loss is the Gram loss of PyTorch's neural-style
     * tutorial and Johnson's fast-neural-style (Gram ÷ C·H·W, mean squared difference).
     *
     * @param content weight of the content loss, default 1
     * @param style weight of the mean style loss, default 1e4
     * @param tv weight of total variation, default 0
     * @param styleLayers weights {@code w_l} of the style layers (Gatys et al.'s per-layer
     *     weights), one per style layer in order ({@code conv1_1 … conv5_1} in Gatys mode, {@code
     *     fast.style_layers} in fast mode); null (default) = all 1. With a random VGG19 the first
     *     layer's loss is orders of magnitude above the deep layers' (docs/vision.md), so equal
     *     weights leave the deep layers nearly unused
     */
    public record LossWeights(
            @JsonProperty("content") Double content,
            @JsonProperty("style") Double style,
            @JsonProperty("tv") Double tv,
            @JsonProperty("style_layers") List<Double> styleLayers) {

        /**
         * Defaults and checks.
         *
         * @param content content weight
         * @param style style weight
         * @param tv total-variation weight
         * @param styleLayers per-layer style weights or null
         */
        public LossWeights {
            content = content == null ? 1.0 : content;
            style = style == null ? 1e4 : style;
            tv = tv == null ? 0.0 : tv;
            if (!(content >= 0) || !(style >= 0) || !(tv >= 0) || content + style == 0) {
                throw new IllegalArgumentException(SECTION + "weights must be >= 0 with content or style positive, got content "
                        + content + ", style " + style + ", tv " + tv);
            }
            // Checked against the mode's layers by the enclosing config.
            styleLayers = styleLayers == null ? null : Collections.unmodifiableList(new ArrayList<>(styleLayers));
        }
    }

    /**
     * The VGG19 loss network.
     *
     * @param weights a torchvision-layout {@code vgg19.safetensors} (its {@code classifier.*}
     *     keys are ignored); null = random weights, which every run reports
     * @param widthDivisor divides VGG19's channels (1 = torchvision's; pretrained weights need 1);
     *     a power of two up to 64, default 1
     * @param pooling {@code max} (torchvision) or {@code average} (Gatys et al.), default max
     * @param adapter a PEFT adapter folder for the VGG19 (targets like {@code features.0}, made for
     *     a VGG19 of the same width) loaded into the loss network before training and kept frozen:
     *     it changes how content and style are measured and is never trained by the style loss
     *     (which could otherwise be lowered by shrinking the features instead of stylising);
     *     null = none
     */
    public record LossNetwork(
            @JsonProperty("weights") String weights,
            @JsonProperty("width_divisor") Integer widthDivisor,
            @JsonProperty("pooling") String pooling,
            @JsonProperty("adapter") String adapter) {

        /**
         * Defaults and checks.
         *
         * @param weights VGG19 weights file or null
         * @param widthDivisor channel divisor or null
         * @param pooling max or average, or null
         * @param adapter PEFT adapter folder or null
         */
        public LossNetwork {
            widthDivisor = widthDivisor == null ? 1 : widthDivisor;
            if (widthDivisor < 1 || widthDivisor > 64 || Integer.bitCount(widthDivisor) != 1) {
                throw new IllegalArgumentException(SECTION + "loss_network.width_divisor must be a power of two in [1, 64], got " + widthDivisor);
            }
            if (weights != null && widthDivisor != 1) {
                throw new IllegalArgumentException(SECTION + "loss_network.width_divisor must be 1 when loss_network.weights is set "
                        + "(torchvision's VGG19 has full width), got " + widthDivisor);
            }
            if (adapter != null && adapter.isBlank()) {
                throw new IllegalArgumentException(SECTION + "loss_network.adapter must name a PEFT adapter folder of VGG19 "
                        + "(adapter_config.json + adapter_model.safetensors, targets features.N) or be left out, got \"" + adapter + "\"");
            }
            pooling = pooling == null ? "max" : pooling.toLowerCase(Locale.ROOT);
            if (!pooling.equals("max") && !pooling.equals("average")) {
                throw new IllegalArgumentException(SECTION + "loss_network.pooling \"" + pooling + "\" is unknown; known: [max, average]");
            }
        }
    }

    /**
     * Fast style transfer: a transformation network trained on crops of the content pictures.
     * With {@code lora.enabled: false} the whole network trains (the base); with LoRA, the base
     * weights from {@code base_weights} stay frozen and the adapter is the style.
     *
     * @param crops training examples: random crops (scale, position, mirror) of the content
     *     pictures, drawn once from the run seed; default 48
     * @param evalSize side of the square full-picture views used for evaluation and the contact
     *     sheet, a multiple of 4; default 256
     * @param channels TransformerNet channels (PyTorch example: [32, 64, 128]); ignored when
     *     {@code base_weights} is set (read off the file); default [32, 64, 128]
     * @param residualBlocks TransformerNet residual blocks; default 5
     * @param contentLayers VGG19 layers of the content loss; default [relu2_2] (Johnson et al.)
     * @param styleLayers VGG19 layers of the style loss; default [relu1_2, relu2_2, relu3_4, relu4_4]
     * @param baseWeights a TransformerNet safetensors file (a base run's {@code
     *     transformer-net.safetensors}); null = random initialisation
     * @param saveWeightsTo also write the trained network here (full training only); null = no
     * @param output what the network's output goes through: {@code tanh} (Johnson et al.'s
     *     scaled tanh into [0, 1]; the default for a new base, because with a random-weight VGG19
     *     an unbounded output drifts out of [0, 1] to lower the style loss) or {@code linear}
     *     (PyTorch's example, unbounded); with {@code base_weights} the file's recorded kind is
     *     used (files without one are linear) and a different value here is an error
     */
    public record Fast(
            @JsonProperty("crops") Integer crops,
            @JsonProperty("eval_size") Integer evalSize,
            @JsonProperty("channels") List<Integer> channels,
            @JsonProperty("residual_blocks") Integer residualBlocks,
            @JsonProperty("content_layers") List<String> contentLayers,
            @JsonProperty("style_layers") List<String> styleLayers,
            @JsonProperty("base_weights") String baseWeights,
            @JsonProperty("save_weights_to") String saveWeightsTo,
            @JsonProperty("output") String output) {

        /**
         * Defaults and checks.
         *
         * @param crops number of crops
         * @param evalSize evaluation picture size
         * @param channels network channels
         * @param residualBlocks residual blocks
         * @param contentLayers content layers
         * @param styleLayers style layers
         * @param baseWeights base network file or null
         * @param saveWeightsTo extra weights output or null
         * @param output {@code tanh}, {@code linear} or null
         */
        public Fast {
            crops = crops == null ? 48 : crops;
            evalSize = evalSize == null ? 256 : evalSize;
            channels = channels == null ? List.of(32, 64, 128) : List.copyOf(channels);
            residualBlocks = residualBlocks == null ? 5 : residualBlocks;
            contentLayers = contentLayers == null ? List.of("relu2_2") : List.copyOf(contentLayers);
            styleLayers = styleLayers == null ? List.of("relu1_2", "relu2_2", "relu3_4", "relu4_4") : List.copyOf(styleLayers);
            if (crops < 1) {
                throw new IllegalArgumentException(SECTION + "fast.crops must be positive, got " + crops);
            }
            if (evalSize < 16 || evalSize % 4 != 0) {
                throw new IllegalArgumentException(SECTION + "fast.eval_size must be a multiple of 4, at least 16, got " + evalSize);
            }
            if (channels.size() != 3 || channels.stream().anyMatch(c -> c == null || c < 1)) {
                throw new IllegalArgumentException(SECTION + "fast.channels must be three positive counts, got " + channels);
            }
            if (residualBlocks < 0) {
                throw new IllegalArgumentException(SECTION + "fast.residual_blocks must be >= 0, got " + residualBlocks);
            }
            LayerNames.check("fast.content_layers", contentLayers);
            LayerNames.check("fast.style_layers", styleLayers);
            if (output != null) {
                TransformerNet.Output.parse(output, SECTION + "fast.output");
            }
            if (saveWeightsTo != null && !saveWeightsTo.endsWith(".safetensors")) {
                throw new IllegalArgumentException(SECTION + "fast.save_weights_to must name a .safetensors file, got \"" + saveWeightsTo + "\"");
            }
        }
    }

    /**
     * Gatys et al.: optimise the pixels of each content picture (content loss at {@code conv4_2},
     * style losses at {@code conv1_1 … conv5_1}).
     *
     * @param optimizer {@code lbfgs} (the paper's) or {@code adam}; default lbfgs
     * @param iterations optimiser iterations per picture; default 100
     * @param learningRate Adam's step on [0, 1] pixels, or L-BFGS's first trial step; default
     *     0.02 (adam) or 1 (lbfgs)
     */
    public record Gatys(
            @JsonProperty("optimizer") Optimizer optimizer,
            @JsonProperty("iterations") Integer iterations,
            @JsonProperty("lr") Double learningRate) {

        /**
         * Defaults and checks.
         *
         * @param optimizer the optimiser
         * @param iterations iterations per picture
         * @param learningRate step size or null
         */
        public Gatys {
            optimizer = optimizer == null ? Optimizer.LBFGS : optimizer;
            iterations = iterations == null ? 100 : iterations;
            if (iterations < 1) {
                throw new IllegalArgumentException(SECTION + "gatys.iterations must be positive, got " + iterations);
            }
            if (learningRate != null && !(learningRate > 0)) {
                throw new IllegalArgumentException(SECTION + "gatys.lr must be > 0, got " + learningRate);
            }
        }
    }

    /** The pixel optimisers of Gatys mode. */
    public enum Optimizer {
        /** L-BFGS with a strong-Wolfe line search. */
        LBFGS("lbfgs"),
        /** Adam. */
        ADAM("adam");

        private final String id;

        Optimizer(String id) {
            this.id = id;
        }

        /**
         * The config name.
         *
         * @return {@code lbfgs} or {@code adam}
         */
        @JsonValue
        public String id() {
            return id;
        }

        /**
         * Parses a config value.
         *
         * @param value the name
         * @return the optimiser
         */
        @JsonCreator
        public static Optimizer of(String value) {
            for (Optimizer o : values()) {
                if (o.id.equals(value.toLowerCase(Locale.ROOT))) {
                    return o;
                }
            }
            throw new IllegalArgumentException(SECTION + "gatys.optimizer \"" + value + "\" is unknown; known: [lbfgs, adam]");
        }
    }
}
