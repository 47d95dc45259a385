package dev.lorakit.plugins.imageclassification;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.lorakit.zoo.vision.SmallCnn;
import java.util.List;

/**
 * {@code model: {type: small-cnn}}: lorakit's {@link SmallCnn}, the default network. The
 * plugin's default LoRA targets are its {@code Conv2d} and {@code Linear} layers.
 *
 * @param channels output channels per stage (conv, relu, conv, relu, max-pool); 1 to 4 stages
 * @param hidden units of the hidden linear layer
 * @param dropout dropout rate before the output layer, in {@code [0, 1)}
 */
public record SmallCnnBackbone(List<Integer> channels, int hidden, double dropout) implements BackboneConfig {

    private static final String KEY = "image-classification.model.";

    /**
     * Validates, naming the key.
     *
     * @param channels channels per stage
     * @param hidden hidden units
     * @param dropout dropout rate
     */
    public SmallCnnBackbone {
        if (channels == null || channels.isEmpty() || channels.stream().anyMatch(c -> c == null || c <= 0)) {
            throw new IllegalArgumentException(KEY + "channels must list one positive count per stage, got " + channels);
        }
        channels = List.copyOf(channels);
        if (28 >> channels.size() == 0) {
            throw new IllegalArgumentException(KEY + "channels has " + channels.size()
                    + " stages; 28x28 images allow at most 4 (each stage halves the size)");
        }
        if (hidden <= 0) {
            throw new IllegalArgumentException(KEY + "hidden must be positive, got " + hidden);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(KEY + "dropout must be in [0, 1), got " + dropout);
        }
    }

    /**
     * Binds the YAML keys; omitted ones default to channels {@code [32, 64]}, hidden 128, dropout 0.25.
     *
     * @param channels {@code channels}
     * @param hidden {@code hidden}
     * @param dropout {@code dropout}
     * @return the config
     */
    @JsonCreator
    public static SmallCnnBackbone of(
            @JsonProperty("channels") List<Integer> channels,
            @JsonProperty("hidden") Integer hidden,
            @JsonProperty("dropout") Double dropout) {
        return new SmallCnnBackbone(
                channels == null ? List.of(32, 64) : channels, hidden == null ? 128 : hidden, dropout == null ? 0.25 : dropout);
    }

    /**
     * The defaults, as for a config without a {@code model:} section.
     *
     * @return the default CNN
     */
    public static SmallCnnBackbone defaults() {
        return of(null, null, null);
    }

    @Override
    public Block build(Shape imageShape, int numClasses) {
        return SmallCnn.builder()
                .setNumClasses(numClasses)
                .optChannels(channels.stream().mapToInt(Integer::intValue).toArray())
                .optHidden(hidden)
                .optDropout((float) dropout)
                .build();
    }
}
