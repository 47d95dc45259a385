package dev.lorakit.plugins.styletransfer;

import dev.lorakit.zoo.vision.Vgg19;
import java.util.List;

/** Checks VGG19 layer names in a config before anything is built. */
final class LayerNames {

    private LayerNames() {}

    static void check(String key, List<String> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException(StyleTransferConfig.SECTION + key + " must name at least one VGG19 layer");
        }
        for (int i = 0; i < layers.size(); i++) {
            if (!Vgg19.layerNames().contains(layers.get(i))) {
                throw new IllegalArgumentException(StyleTransferConfig.SECTION + key + "[" + i + "] \"" + layers.get(i)
                        + "\" is not a VGG19 layer; layers are " + Vgg19.layerNames());
            }
        }
    }
}
