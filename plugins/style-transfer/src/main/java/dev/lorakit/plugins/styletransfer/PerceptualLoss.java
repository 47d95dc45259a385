package dev.lorakit.plugins.styletransfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import dev.lorakit.zoo.vision.Normalization;
import dev.lorakit.zoo.vision.Vgg19;
import java.util.ArrayList;
import java.util.List;
import dev.lorakit.lora.ndarray.ScalarOps;

/**
 * The loss of neural style transfer measured by a frozen VGG19: {@code content × Σ content
 * losses + style × mean over style layers of the Gram-matrix losses + tv × total variation},
 * with pictures in {@code [0, 1]} normalised with ImageNet statistics before the network.
 * The style picture's Gram matrices are computed once, at construction.
 *
 * <pre>{@code
 * PerceptualLoss loss = new PerceptualLoss(vgg, List.of("relu2_2"), styleLayers, stylePicture, 1, 1e4, 0);
 * PerceptualLoss.Terms t = loss.terms(generated, loss.contentFeatures(contentBatch));
 * }</pre>
 */
final class PerceptualLoss implements AutoCloseable {

    /**
     * The loss and its parts, scalars in the generated picture's manager.
     *
     * @param total the weighted sum that is minimised
     * @param content the unweighted content loss
     * @param style the unweighted mean style loss
     * @param tv the unweighted total variation
     */
    record Terms(NDArray total, NDArray content, NDArray style, NDArray tv) {}

    private final Vgg19 vgg;
    private final ParameterStore ps;
    private final List<String> contentLayers;
    private final List<String> styleLayers;
    private final List<String> allLayers;
    private final NDManager targets;
    private final List<NDArray> styleGrams = new ArrayList<>();
    private final float contentWeight;
    private final float styleWeight;
    private final float tvWeight;

    PerceptualLoss(Vgg19 vgg, List<String> contentLayers, List<String> styleLayers, NDArray style,
            double contentWeight, double styleWeight, double tvWeight) {
        this.vgg = vgg;
        this.contentLayers = List.copyOf(contentLayers);
        this.styleLayers = List.copyOf(styleLayers);
        this.allLayers = new ArrayList<>(styleLayers);
        allLayers.addAll(contentLayers);
        this.contentWeight = (float) contentWeight;
        this.styleWeight = (float) styleWeight;
        this.tvWeight = (float) tvWeight;
        vgg.freezeParameters(true);
        this.targets = style.getManager().newSubManager();
        this.ps = new ParameterStore(targets, false);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray picture = style.getShape().dimension() == 3 ? style.expandDims(0) : style;
            for (NDArray f : vgg.extract(ps, Normalization.IMAGENET.apply(picture), false, styleLayers)) {
                NDArray g = StyleLosses.gram(f);
                NDScope.unregister(g);
                g.attach(targets);
                styleGrams.add(g);
            }
        }
    }

    /**
     * The content picture's activations at the content layers (the content loss's target).
     *
     * @param content {@code (N, 3, H, W)} in {@code [0, 1]}
     * @return one activation per content layer, in {@code content}'s manager
     */
    NDList contentFeatures(NDArray content) {
        return vgg.extract(ps, Normalization.IMAGENET.apply(content), false, contentLayers);
    }

    /**
     * The loss of generated pictures.
     *
     * @param generated {@code (N, 3, H, W)}, nominally in {@code [0, 1]}
     * @param contentTargets {@link #contentFeatures} of the matching content pictures
     * @return the total and its parts
     */
    Terms terms(NDArray generated, NDList contentTargets) {
        NDList feats = vgg.extract(ps, Normalization.IMAGENET.apply(generated), false, allLayers);
        NDArray style = null;
        for (int l = 0; l < styleLayers.size(); l++) {
            NDArray s = StyleLosses.style(feats.get(l), styleGrams.get(l));
            style = style == null ? s : style.add(s);
        }
        style = ScalarOps.div(style, styleLayers.size());
        NDArray content = null;
        for (int l = 0; l < contentLayers.size(); l++) {
            NDArray c = StyleLosses.content(feats.get(styleLayers.size() + l), contentTargets.get(l));
            content = content == null ? c : content.add(c);
        }
        NDArray tv = StyleLosses.totalVariation(generated);
        NDArray total = ScalarOps.mul(content, contentWeight).add(ScalarOps.mul(style, styleWeight)).add(ScalarOps.mul(tv, tvWeight));
        return new Terms(total, content, style, tv);
    }

    @Override
    public void close() {
        targets.close();
    }
}
