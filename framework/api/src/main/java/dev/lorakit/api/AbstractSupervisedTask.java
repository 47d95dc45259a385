package dev.lorakit.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;

/**
 * A {@link SupervisedTask} that holds what most tasks only hand over: the model and its input
 * shapes, the data splits, the main metric and a DJL {@link Loss}. A subclass states these in its
 * constructor, as a DJL block registers its children, and writes only what is its own: {@link
 * #newMetrics()}, and {@link #loss} when the loss is not a DJL {@code Loss}.
 *
 * <pre>{@code
 * final class CirclesTask extends AbstractSupervisedTask {
 *     CirclesTask(CirclesConfig config, Random random) {
 *         super(new MainMetric("eval/accuracy", true), Loss.softmaxCrossEntropyLoss());
 *         setModel(mlp(config), new Shape(1, 2));
 *         setData(trainPoints(config, random), evalPoints(config, random));
 *     }
 *
 *     @Override
 *     public MetricAccumulator newMetrics() {
 *         return ClassificationMetrics.builder().setClassNames(List.of("outside", "inside")).build();
 *     }
 * }
 * }</pre>
 *
 * <p>Implementing {@link SupervisedTask} directly stays supported; this class only saves the
 * accessors.
 */
public abstract class AbstractSupervisedTask implements SupervisedTask {

    private final MainMetric mainMetric;
    private final Loss loss;
    private Block model;
    private Shape[] inputShapes;
    private ExampleSource trainData;
    private ExampleSource evalData;
    private ExampleSource testData;

    /**
     * A task whose training loss is a DJL {@code Loss}, evaluated as {@code loss.evaluate(labels,
     * predictions)}.
     *
     * @param mainMetric the metric that ranks runs and picks the best checkpoint
     * @param loss the training loss
     */
    protected AbstractSupervisedTask(MainMetric mainMetric, Loss loss) {
        this.mainMetric = require(mainMetric, "mainMetric");
        this.loss = require(loss, "loss");
    }

    /**
     * A task that computes its loss itself: the subclass must override {@link #loss}.
     *
     * @param mainMetric the metric that ranks runs and picks the best checkpoint
     * @throws IllegalStateException when the subclass does not override {@link #loss}
     */
    protected AbstractSupervisedTask(MainMetric mainMetric) {
        this.mainMetric = require(mainMetric, "mainMetric");
        this.loss = null;
        // Checked here so that a forgotten override fails when the plugin builds the task, not at
        // the first training step.
        if (lossIsInherited()) {
            throw new IllegalStateException(getClass().getName() + " passes no Loss to AbstractSupervisedTask,"
                    + " so it must override loss(NDList, NDList)");
        }
    }

    /**
     * Sets the model; call it once, from the subclass constructor.
     *
     * @param model the model's top block (see {@link Task#model()})
     * @param inputShapes the shapes of one input batch (see {@link Task#inputShapes()})
     * @throws IllegalStateException when the model was set already
     */
    protected final void setModel(Block model, Shape... inputShapes) {
        if (this.model != null) {
            throw new IllegalStateException(getClass().getName() + " sets its model twice");
        }
        if (inputShapes == null || inputShapes.length == 0) {
            throw new IllegalArgumentException(getClass().getName() + ": setModel needs the input shapes");
        }
        this.model = require(model, "model");
        this.inputShapes = inputShapes.clone();
    }

    /**
     * Sets the training and evaluation splits of a task without a test split; call it once, from
     * the subclass constructor.
     *
     * @param train the training examples
     * @param eval the examples evaluated during training
     * @throws IllegalStateException when the data was set already
     */
    protected final void setData(ExampleSource train, ExampleSource eval) {
        setData(train, eval, null);
    }

    /**
     * Sets the data splits; call it once, from the subclass constructor.
     *
     * @param train the training examples
     * @param eval the examples evaluated during training
     * @param test the examples evaluated once at the end, or null when there are none
     * @throws IllegalStateException when the data was set already
     */
    protected final void setData(ExampleSource train, ExampleSource eval, ExampleSource test) {
        if (trainData != null) {
            throw new IllegalStateException(getClass().getName() + " sets its data twice");
        }
        this.trainData = require(train, "train data");
        this.evalData = require(eval, "eval data");
        this.testData = test;
    }

    @Override
    public final Block model() {
        return set(model, "setModel");
    }

    @Override
    public final Shape[] inputShapes() {
        return set(inputShapes, "setModel").clone();
    }

    @Override
    public final MainMetric mainMetric() {
        return mainMetric;
    }

    @Override
    public final ExampleSource trainData() {
        return set(trainData, "setData");
    }

    @Override
    public final ExampleSource evalData() {
        return set(evalData, "setData");
    }

    @Override
    public final ExampleSource testData() {
        set(trainData, "setData");
        return testData;
    }

    /**
     * The DJL {@code Loss} given to the constructor, applied to the batch. Subclasses that passed
     * none override this.
     *
     * @param predictions the model's output for the batch
     * @param labels the batch's labels
     * @return a scalar loss
     */
    @Override
    public NDArray loss(NDList predictions, NDList labels) {
        return loss.evaluate(labels, predictions);
    }

    private boolean lossIsInherited() {
        try {
            return getClass().getMethod("loss", NDList.class, NDList.class).getDeclaringClass()
                    == AbstractSupervisedTask.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError("SupervisedTask declares loss(NDList, NDList)", e);
        }
    }

    private <T> T set(T value, String setter) {
        if (value == null) {
            throw new IllegalStateException(getClass().getName() + " must call " + setter + " in its constructor");
        }
        return value;
    }

    private <T> T require(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(getClass().getName() + ": " + what + " must not be null");
        }
        return value;
    }
}
