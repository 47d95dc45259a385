package dev.lorakit.plugins.imageclassification;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.lorakit.zoo.vision.DjlZooBackbones;
import java.util.List;

/**
 * {@code model: {type: mlp, hidden: [256, 128]}}: DJL's model-zoo {@code Mlp} over the flattened
 * image. Its linear layers are at paths {@code 1, 3, 5, ...}; a LoRA run names them in {@code
 * lora.target_modules} (e.g. {@code regex:[135]}).
 *
 * @param hidden units of each hidden layer
 */
public record MlpBackbone(List<Integer> hidden) implements BackboneConfig {

    /**
     * Validates.
     *
     * @param hidden hidden sizes
     */
    public MlpBackbone {
        if (hidden == null || hidden.isEmpty() || hidden.stream().anyMatch(h -> h == null || h <= 0)) {
            throw new IllegalArgumentException(
                    "image-classification.model.hidden must list one positive size per hidden layer, got " + hidden);
        }
        hidden = List.copyOf(hidden);
    }

    /**
     * Binds the YAML keys; {@code hidden} defaults to {@code [256, 128]}.
     *
     * @param hidden {@code hidden}
     * @return the config
     */
    @JsonCreator
    public static MlpBackbone of(@JsonProperty("hidden") List<Integer> hidden) {
        return new MlpBackbone(hidden == null ? List.of(256, 128) : hidden);
    }

    @Override
    public Block build(Shape imageShape, int numClasses) {
        return DjlZooBackbones.mlp(imageShape, numClasses, hidden.stream().mapToInt(Integer::intValue).toArray());
    }
}
