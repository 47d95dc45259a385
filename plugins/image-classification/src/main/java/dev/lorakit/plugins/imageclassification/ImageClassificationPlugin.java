package dev.lorakit.plugins.imageclassification;

import dev.lorakit.api.ExperimentContext;
import dev.lorakit.api.LoraDefaults;
import dev.lorakit.api.Task;
import dev.lorakit.api.TaskPlugin;
import java.util.List;

/**
 * Image classification on Fashion-MNIST or MNIST digits with the network of {@code model:}.
 * The default LoRA targets are all {@code Conv2d} and {@code Linear} layers of the default
 * network, {@link dev.lorakit.zoo.vision.SmallCnn}: a stage is five layers (conv, relu, conv,
 * relu, pool), so the convolutions are the {@code features} indices ending in 0, 2, 5 or 7, and
 * the linear layers are {@code classifier.0} and {@code classifier.3}. DJL model-zoo backbones
 * ({@code resnet}, {@code mlp}) have DJL's index paths, listed by {@link
 * dev.lorakit.zoo.vision.DjlZooBackbones}; their configs name the targets.
 */
public final class ImageClassificationPlugin implements TaskPlugin<ImageClassificationConfig> {

    /** The LoRA target expression for every Conv2d and Linear layer of the CNN, any depth. */
    static final String ALL_CONV_AND_LINEAR = "regex:features\\.\\d*[0257]|classifier\\.[03]";

    @Override
    public String id() {
        return "image-classification";
    }

    @Override
    public String description() {
        return "Image classification (Fashion-MNIST, MNIST digits; small CNN or DJL model-zoo ResNet/MLP) with LoRA on Conv2d and Linear layers";
    }

    @Override
    public Class<ImageClassificationConfig> configClass() {
        return ImageClassificationConfig.class;
    }

    @Override
    public LoraDefaults loraDefaults() {
        return new LoraDefaults(List.of(ALL_CONV_AND_LINEAR), List.of());
    }

    @Override
    public Task createTask(ImageClassificationConfig config, ExperimentContext context) throws Exception {
        return new ImageClassificationTask(config, context, DataSplits.load(config, context));
    }
}
