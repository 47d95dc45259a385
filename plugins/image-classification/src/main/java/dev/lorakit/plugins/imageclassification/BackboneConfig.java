package dev.lorakit.plugins.imageclassification;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/**
 * The {@code image-classification.model:} section: which network classifies the images,
 * chosen by {@code type}.
 *
 * <pre>{@code
 * model: {type: small-cnn, channels: [16, 32], hidden: 128, dropout: 0.25}
 * model: {type: resnet, num_layers: 20}      # DJL model zoo ResNetV1
 * model: {type: mlp, hidden: [256, 128]}     # DJL model zoo Mlp
 * }</pre>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SmallCnnBackbone.class, name = "small-cnn"),
    @JsonSubTypes.Type(value = ResNetBackbone.class, name = "resnet"),
    @JsonSubTypes.Type(value = MlpBackbone.class, name = "mlp")
})
public sealed interface BackboneConfig permits SmallCnnBackbone, ResNetBackbone, MlpBackbone {

    /**
     * Builds the network, uninitialised.
     *
     * @param imageShape {@code (C, H, W)} of one image
     * @param numClasses output units
     * @return the network
     */
    Block build(Shape imageShape, int numClasses);
}
