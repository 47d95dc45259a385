package dev.lorakit.plugins.imageclassification;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.lorakit.zoo.vision.DjlZooBackbones;

/**
 * {@code model: {type: resnet, num_layers: 20}}: DJL's model-zoo {@code ResNetV1}, CIFAR style
 * for 28×28 images. Its module paths are DJL's indices (see {@link DjlZooBackbones}), so a LoRA
 * run names its targets in {@code lora.target_modules}; the plugin's default targets are the
 * small CNN's.
 *
 * @param numLayers weighted layers, 6k + 2 (8, 14, 20, 32, 56, ...)
 */
public record ResNetBackbone(int numLayers) implements BackboneConfig {

    /**
     * Validates.
     *
     * @param numLayers weighted layers
     */
    public ResNetBackbone {
        if (numLayers < 8 || numLayers >= 164 || (numLayers - 2) % 6 != 0) {
            throw new IllegalArgumentException("image-classification.model.num_layers must be 6k + 2 between 8 and 158"
                    + " (8, 14, 20, 32, 56, ...) for DJL's ResNetV1 on 28x28 images, got " + numLayers);
        }
    }

    /**
     * Binds the YAML keys; {@code num_layers} defaults to 20.
     *
     * @param numLayers {@code num_layers}
     * @return the config
     */
    @JsonCreator
    public static ResNetBackbone of(@JsonProperty("num_layers") Integer numLayers) {
        return new ResNetBackbone(numLayers == null ? 20 : numLayers);
    }

    @Override
    public Block build(Shape imageShape, int numClasses) {
        return DjlZooBackbones.resNetV1(numLayers, imageShape, numClasses);
    }
}
