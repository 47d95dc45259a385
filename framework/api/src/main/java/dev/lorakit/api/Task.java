package dev.lorakit.api;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Map;

/**
 * What a plugin hands the host to run: a model and how to train and evaluate it. A task is
 * either a {@link SupervisedTask} (the shared trainer loops over its data) or a {@link
 * ReinforcementTask} (it drives its own environment loop and calls the shared {@link Learner}).
 *
 * <p>Lifecycle, run by the host: {@code createTask} → LoRA injection into {@link #model()} →
 * {@link #onModelReady} → optional restore of {@link #state()} from a checkpoint → training →
 * {@link #close()}. The host closes the task before the DJL {@code Model} that holds the model's
 * arrays, so {@code close()} may still read or export the trained weights.
 */
public interface Task extends AutoCloseable {

    /**
     * The model. Its module paths (see {@code ModuleTree}) are what LoRA targets name. The host
     * initializes it with {@link #inputShapes()} after loading pretrained weights, so a plugin
     * need not initialize it.
     *
     * @return the model's top block
     */
    Block model();

    /**
     * Shapes of one input batch (batch dimension included, any size), used to initialize the
     * model and the adapters.
     *
     * @return the input shapes
     */
    Shape[] inputShapes();

    /**
     * The metric that ranks runs in a sweep and picks the best checkpoint.
     *
     * @return the main metric
     */
    MainMetric mainMetric();

    /**
     * Called once the model has its adapters and parameters, before training starts: a DQN
     * task copies its Q-network into a target network here.
     *
     * @param model the model as it will be trained
     */
    default void onModelReady(Block model) {}

    /**
     * State beyond the model and optimizer that a checkpoint must hold for a resumed run to
     * continue exactly: replay buffers, environment RNGs, episode counters.
     *
     * @return named state parts; names are file-name safe
     */
    default Map<String, Stateful> state() {
        return Map.of();
    }

    @Override
    default void close() throws Exception {}
}
