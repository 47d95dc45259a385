package dev.lorakit.plugins.styletransfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.lorakit.zoo.vision.Normalization;
import dev.lorakit.zoo.vision.Vgg19;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Style transfer by optimisation (Gatys, Ecker and Bethge, CVPR 2016): starting from the content
 * picture, gradient steps on the pixels lower {@code content_weight × content loss (conv4_2) +
 * style_weight × Σ style losses (conv1_1 … conv5_1) + tv_weight × total variation}, by Adam or by
 * the paper's L-BFGS ({@link Lbfgs}, as {@code torch.optim.LBFGS} with a strong-Wolfe search).
 *
 * <pre>{@code
 * GatysStyleTransfer gatys = GatysStyleTransfer.builder().setLossNetwork(vgg).optIterations(300).build();
 * GatysStyleTransfer.Result r = gatys.stylize(content, style); // (1, 3, H, W) in [0, 1]
 * Images.write(Images.fromArray(r.image()), Path.of("out.png"));
 * }</pre>
 */
public final class GatysStyleTransfer {

    /** The content layer of the paper. */
    public static final String CONTENT_LAYER = "conv4_2";

    /** The style layers of the paper. */
    public static final List<String> STYLE_LAYERS = List.of("conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1");

    private final Vgg19 vgg;
    private final int iterations;
    private final float learningRate;
    private final double contentWeight;
    private final double styleWeight;
    private final double tvWeight;
    private final Method optimizer;
    private final IterationListener listener;

    private GatysStyleTransfer(Builder b) {
        this.vgg = b.vgg;
        this.iterations = b.iterations;
        this.learningRate = b.learningRate;
        this.contentWeight = b.contentWeight;
        this.styleWeight = b.styleWeight;
        this.tvWeight = b.tvWeight;
        this.optimizer = b.optimizer;
        this.listener = b.listener;
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The outcome of one optimisation.
     *
     * @param image the stylised picture, {@code (1, 3, H, W)} in {@code [0, 1]}
     * @param losses the total loss before each iteration
     * @param evaluations forward and backward passes spent (L-BFGS line searches need several
     *     per iteration)
     */
    public record Result(NDArray image, double[] losses, int evaluations) {}

    /** How the pixels are optimised. */
    public enum Method {
        /** Adam steps of a fixed size, pixels clipped to {@code [0, 1]} after each. */
        ADAM,
        /** L-BFGS with a strong-Wolfe line search (the paper's choice); pixels clipped at the end. */
        LBFGS
    }

    /** Receives the loss of each iteration as it is known. */
    @FunctionalInterface
    public interface IterationListener {
        /**
         * Called once per iteration.
         *
         * @param iteration 1-based
         * @param loss the total loss at the start of the iteration
         */
        void accept(int iteration, double loss);
    }

    /**
     * Optimises a picture. The loss network's parameters are frozen while this runs.
     *
     * @param content {@code (1, 3, H, W)} content picture in {@code [0, 1]}
     * @param style {@code (1, 3, H', W')} style picture in {@code [0, 1]}
     * @return the picture and its loss history; the image belongs to {@code content}'s manager
     */
    public Result stylize(NDArray content, NDArray style) {
        NDManager manager = content.getManager();
        ParameterStore ps = new ParameterStore(manager, false);
        vgg.freezeParameters(true);
        NDArray contentTarget;
        List<NDArray> styleGrams = new ArrayList<>();
        // Scopes close every intermediate array: an op's output belongs to its first input's
        // manager, so without them each iteration's activations would pile up there.
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            contentTarget = vgg.extract(ps, Normalization.IMAGENET.apply(content), false, List.of(CONTENT_LAYER)).head();
            NDScope.unregister(contentTarget);
            for (NDArray f : vgg.extract(ps, Normalization.IMAGENET.apply(style), false, STYLE_LAYERS)) {
                NDArray g = StyleLosses.gram(f);
                NDScope.unregister(g);
                styleGrams.add(g);
            }
        }
        try {
            return optimizer == Method.LBFGS
                    ? byLbfgs(ps, content, contentTarget, styleGrams)
                    : byAdam(ps, content, contentTarget, styleGrams);
        } finally {
            contentTarget.close();
            styleGrams.forEach(NDArray::close);
        }
    }

    private Result byAdam(ParameterStore ps, NDArray content, NDArray contentTarget, List<NDArray> styleGrams) {
        NDArray image = content.duplicate();
        image.setRequiresGradient(true);
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build();
        double[] losses = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            losses[i] = lossAndGradient(ps, image, contentTarget, styleGrams);
            try (NDArray gradient = image.getGradient()) {
                adam.update("image", image, gradient);
            }
            // Keep pixels displayable; the optimum lies inside [0, 1] anyway.
            try (NDArray clipped = image.clip(0f, 1f)) {
                image.set(clipped.toFloatArray());
            }
            listener.accept(i + 1, losses[i]);
        }
        NDArray result = image.stopGradient();
        image.close();
        return new Result(result, losses, iterations);
    }

    private Result byLbfgs(ParameterStore ps, NDArray content, NDArray contentTarget, List<NDArray> styleGrams) {
        NDManager manager = content.getManager();
        Shape shape = content.getShape();
        int[] evaluations = {0};
        Lbfgs.Objective objective = (x, gradient) -> {
            try (NDManager step = manager.newSubManager()) {
                float[] pixels = new float[x.length];
                for (int k = 0; k < x.length; k++) {
                    pixels[k] = (float) x[k];
                }
                NDArray image = step.create(pixels, shape);
                image.setRequiresGradient(true);
                double loss = lossAndGradient(ps, image, contentTarget, styleGrams);
                float[] g = image.getGradient().toFloatArray();
                for (int k = 0; k < g.length; k++) {
                    gradient[k] = g[k];
                }
                evaluations[0]++;
                return loss;
            }
        };
        float[] start = content.toFloatArray();
        double[] x0 = new double[start.length];
        for (int k = 0; k < start.length; k++) {
            x0[k] = start[k];
        }
        Lbfgs lbfgs = Lbfgs.builder().optLearningRate(learningRate).optLineSearch(Lbfgs.LineSearch.STRONG_WOLFE).build();
        Lbfgs.Result r = lbfgs.minimize(objective, x0, iterations);
        double[] values = r.values();
        for (int i = 0; i < values.length; i++) {
            listener.accept(i + 1, values[i]);
        }
        float[] pixels = new float[r.x().length];
        for (int k = 0; k < pixels.length; k++) {
            pixels[k] = (float) Math.min(1, Math.max(0, r.x()[k]));
        }
        return new Result(manager.create(pixels, shape), values, r.evaluations());
    }

    /** One forward and backward pass; leaves the gradient on {@code image}. */
    private double lossAndGradient(ParameterStore ps, NDArray image, NDArray contentTarget, List<NDArray> styleGrams) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            try (GradientCollector gc = image.getManager().getEngine().newGradientCollector()) {
                NDArray loss = totalLoss(ps, image, contentTarget, styleGrams);
                gc.backward(loss);
                return loss.getFloat();
            }
        }
    }

    private NDArray totalLoss(ParameterStore ps, NDArray image, NDArray contentTarget, List<NDArray> styleGrams) {
        List<String> layers = new ArrayList<>(STYLE_LAYERS);
        layers.add(CONTENT_LAYER);
        NDList feats = vgg.extract(ps, Normalization.IMAGENET.apply(image), false, layers);
        NDArray loss = StyleLosses.content(feats.get(STYLE_LAYERS.size()), contentTarget).mul((float) contentWeight);
        for (int l = 0; l < STYLE_LAYERS.size(); l++) {
            loss = loss.add(StyleLosses.style(feats.get(l), styleGrams.get(l)).mul((float) (styleWeight / STYLE_LAYERS.size())));
        }
        return loss.add(StyleLosses.totalVariation(image).mul((float) tvWeight));
    }

    /** Builds a {@link GatysStyleTransfer}. */
    public static final class Builder {
        private Vgg19 vgg;
        private int iterations = 300;
        private float learningRate = 0.02f;
        private double contentWeight = 1;
        private double styleWeight = 1e4;
        private double tvWeight = 1;
        private Method optimizer = Method.ADAM;
        private Float learningRateSet;
        private IterationListener listener = (i, loss) -> {};

        private Builder() {}

        /**
         * The optimiser of the pixels.
         *
         * @param optimizer {@link Method#ADAM} (default) or {@link Method#LBFGS}
         * @return this builder
         */
        public Builder optMethod(Method optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /**
         * Called with each iteration's loss (progress, metrics).
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder optListener(IterationListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The loss network, initialised (pretrained weights loaded when available).
         *
         * @param vgg the VGG19 features
         * @return this builder
         */
        public Builder setLossNetwork(Vgg19 vgg) {
            this.vgg = vgg;
            return this;
        }

        /**
         * Optimisation steps on the image.
         *
         * @param iterations >= 1 (default 300)
         * @return this builder
         */
        public Builder optIterations(int iterations) {
            this.iterations = iterations;
            return this;
        }

        /**
         * Adam's step size on pixels in {@code [0, 1]}, or L-BFGS's first trial step.
         *
         * @param learningRate > 0 (default 0.02 for Adam, 1 for L-BFGS as torch)
         * @return this builder
         */
        public Builder optLearningRate(float learningRate) {
            this.learningRateSet = learningRate;
            return this;
        }

        /**
         * Loss weights.
         *
         * @param content weight of the content loss (default 1)
         * @param style weight of the summed style losses (default 1e4)
         * @param tv weight of total variation (default 1)
         * @return this builder
         */
        public Builder optWeights(double content, double style, double tv) {
            this.contentWeight = content;
            this.styleWeight = style;
            this.tvWeight = tv;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the optimiser
         */
        public GatysStyleTransfer build() {
            Objects.requireNonNull(vgg, "setLossNetwork is required");
            learningRate = learningRateSet != null ? learningRateSet : optimizer == Method.LBFGS ? 1f : 0.02f;
            if (!vgg.isInitialized()) {
                throw new IllegalArgumentException("The VGG19 loss network must be initialised first");
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
            }
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
            }
            if (contentWeight < 0 || styleWeight < 0 || tvWeight < 0 || contentWeight + styleWeight == 0) {
                throw new IllegalArgumentException(
                        "loss weights must be >= 0 with content or style positive, got content " + contentWeight
                                + ", style " + styleWeight + ", tv " + tvWeight);
            }
            return new GatysStyleTransfer(this);
        }
    }
}
