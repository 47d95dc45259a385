package dev.lorakit.plugins.styletransfer;

import dev.lorakit.api.ExperimentContext;
import dev.lorakit.api.LoraDefaults;
import dev.lorakit.api.Task;
import dev.lorakit.api.TaskPlugin;
import java.util.List;

/**
 * Neural style transfer: {@code fast} trains Johnson et al.'s transformation network (or, with
 * LoRA, a per-style adapter on every one of its convolutions — the target {@code conv2d}, a
 * path suffix that matches {@code conv1.conv2d} … {@code deconv3.conv2d}); {@code gatys}
 * optimises the pixels of each content picture.
 */
public final class StyleTransferPlugin implements TaskPlugin<StyleTransferConfig> {

    /** Every convolution of the TransformerNet. */
    static final String ALL_CONVOLUTIONS = "conv2d";

    @Override
    public String id() {
        return "style-transfer";
    }

    @Override
    public String description() {
        return "Neural style transfer: Gatys optimisation and fast transformation networks with per-style LoRA adapters";
    }

    @Override
    public Class<StyleTransferConfig> configClass() {
        return StyleTransferConfig.class;
    }

    @Override
    public LoraDefaults loraDefaults() {
        return new LoraDefaults(List.of(ALL_CONVOLUTIONS), List.of());
    }

    @Override
    public Task createTask(StyleTransferConfig config, ExperimentContext context) throws Exception {
        return config.isFast() ? new FastStyleTask(config, context) : new GatysTask(config, context);
    }
}
