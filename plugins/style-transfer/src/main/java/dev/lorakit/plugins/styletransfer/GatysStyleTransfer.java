package dev.lorakit.plugins.styletransfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.lorakit.zoo.vision.Vgg19;
import java.util.List;
import java.util.Objects;

/**
 * Style transfer by optimisation (Gatys, Ecker and Bethge, CVPR 2016): starting from the content
 * picture, gradient steps on the pixels lower {@code content_weight × content loss (conv4_2) +
 * style_weight × mean style loss (conv1_1 … conv5_1, optionally weighted per layer) + tv_weight ×
 * total variation}, by Adam or by
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
    private final boolean measureParts;
    private final List<Double> styleLayerWeights;

    private GatysStyleTransfer(Builder b) {
        this.styleLayerWeights = b.styleLayerWeights;
        this.measureParts = b.measureParts;
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
     * @param before the loss parts of the content picture itself (where the optimisation starts),
     *     or null when {@link Builder#optMeasureParts} turned the measurement off
     * @param after the loss parts of the returned picture, or null likewise
     */
    public record Result(NDArray image, double[] losses, int evaluations, Losses before, Losses after) {}

    /**
     * The unweighted parts of the loss of one picture.
     *
     * @param content content loss ({@value #CONTENT_LAYER})
     * @param style mean style loss over {@link #STYLE_LAYERS}
     * @param tv total variation
     */
    public record Losses(double content, double style, double tv) {}

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
        try (PerceptualLoss loss = new PerceptualLoss(vgg, List.of(CONTENT_LAYER), STYLE_LAYERS, styleLayerWeights, style,
                        contentWeight, styleWeight, tvWeight);
                NDManager targets = content.getManager().newSubManager()) {
            NDList contentTarget;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                contentTarget = loss.contentFeatures(content);
                contentTarget.forEach(NDScope::unregister);
                contentTarget.attach(targets);
            }
            Losses before = measureParts ? losses(loss, content, contentTarget) : null;
            Result r = optimizer == Method.LBFGS ? byLbfgs(loss, content, contentTarget) : byAdam(loss, content, contentTarget);
            return measureParts ? new Result(r.image(), r.losses(), r.evaluations(), before, losses(loss, r.image(), contentTarget)) : r;
        }
    }

    private static Losses losses(PerceptualLoss loss, NDArray image, NDList contentTarget) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            PerceptualLoss.Terms t = loss.terms(image, contentTarget);
            return new Losses(t.content().getFloat(), t.style().getFloat(), t.tv().getFloat());
        }
    }

    private Result byAdam(PerceptualLoss loss, NDArray content, NDList contentTarget) {
        NDArray image = content.duplicate();
        image.setRequiresGradient(true);
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build();
        double[] losses = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            losses[i] = lossAndGradient(loss, image, contentTarget);
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
        return new Result(result, losses, iterations, null, null);
    }

    private Result byLbfgs(PerceptualLoss loss, NDArray content, NDList contentTarget) {
        NDManager manager = content.getManager();
        Shape shape = content.getShape();
        Lbfgs.Objective objective = (x, gradient) -> {
            try (NDManager step = manager.newSubManager()) {
                float[] pixels = new float[x.length];
                for (int k = 0; k < x.length; k++) {
                    pixels[k] = (float) x[k];
                }
                NDArray image = step.create(pixels, shape);
                image.setRequiresGradient(true);
                double value = lossAndGradient(loss, image, contentTarget);
                float[] g = image.getGradient().toFloatArray();
                for (int k = 0; k < g.length; k++) {
                    gradient[k] = g[k];
                }
                return value;
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
        return new Result(manager.create(pixels, shape), values, r.evaluations(), null, null);
    }

    /** One forward and backward pass; leaves the gradient on {@code image}. */
    private static double lossAndGradient(PerceptualLoss loss, NDArray image, NDList contentTarget) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            try (GradientCollector gc = image.getManager().getEngine().newGradientCollector()) {
                NDArray total = loss.terms(image, contentTarget).total();
                gc.backward(total);
                return total.getFloat();
            }
        }
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
        private boolean measureParts = true;
        private List<Double> styleLayerWeights;

        private Builder() {}

        /**
         * Weights of the style layers {@link #STYLE_LAYERS} (Gatys et al.'s {@code w_l}): the
         * style loss is the mean over layers of {@code w_l × loss_l}, so weights of 1 are the
         * plain mean.
         *
         * @param weights one weight >= 0 per style layer, not all 0; null (default) = all 1
         * @return this builder
         */
        public Builder optStyleLayerWeights(List<Double> weights) {
            this.styleLayerWeights = weights == null ? null : List.copyOf(weights);
            return this;
        }

        /**
         * Whether {@link Result#before} and {@link Result#after} are measured: two extra forward
         * passes, which a benchmark of the optimisation alone leaves out.
         *
         * @param measureParts true (default) to measure them
         * @return this builder
         */
        public Builder optMeasureParts(boolean measureParts) {
            this.measureParts = measureParts;
            return this;
        }

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
         * @param style weight of the mean style loss over layers (default 1e4)
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
            PerceptualLoss.factors(STYLE_LAYERS, styleLayerWeights);
            if (contentWeight < 0 || styleWeight < 0 || tvWeight < 0 || contentWeight + styleWeight == 0) {
                throw new IllegalArgumentException(
                        "loss weights must be >= 0 with content or style positive, got content " + contentWeight
                                + ", style " + styleWeight + ", tv " + tvWeight);
            }
            return new GatysStyleTransfer(this);
        }
    }
}
