package dev.lorakit.train.checkpoint;

import ai.djl.nn.Parameter;
import dev.lorakit.api.Stateful;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.train.DefaultLearner;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What goes into (and is restored from) a checkpoint: parameters by {@link ModuleTree} name,
 * named state parts, and the resolved config text.
 *
 * @param parameters the parameters to save or restore, by module-tree name
 * @param states named state parts; names are file-name safe ({@code [A-Za-z0-9._-]+})
 * @param resolvedConfig the run's resolved config (written as {@code config.resolved.yaml}), or
 *     null
 * @param adapterOnly whether {@code parameters} are the trainable ones only
 */
public record CheckpointContent(
        Map<String, Parameter> parameters,
        Map<String, Stateful> states,
        String resolvedConfig,
        boolean adapterOnly) {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /**
     * Validates the names and copies the maps (keeping their order).
     *
     * @param parameters parameters
     * @param states state parts
     * @param resolvedConfig config text or null
     * @param adapterOnly trainable parameters only
     */
    public CheckpointContent {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        states = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(states));
        for (String name : states.keySet()) {
            if (!SAFE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "Checkpoint state name '" + name + "' is not file-name safe ([A-Za-z0-9._-]+)");
            }
        }
    }

    /**
     * The content of a training run: the learner's model (all initialized parameters, or only
     * the trainable ones when {@code adapterOnly}), the learner's state ({@code optimizer},
     * {@code learner}), the run's own parts, and the task's state under {@code task-NAME}.
     *
     * @param learner the run's learner
     * @param adapterOnly save only trainable parameters
     * @param runStates the trainer's or runtime's own parts (e.g. {@code trainer})
     * @param taskStates the task's {@code state()}
     * @param resolvedConfig the resolved config text, or null
     * @return the content
     */
    public static CheckpointContent of(
            DefaultLearner learner,
            boolean adapterOnly,
            Map<String, Stateful> runStates,
            Map<String, Stateful> taskStates,
            String resolvedConfig) {
        Map<String, Parameter> params = new LinkedHashMap<>();
        if (adapterOnly) {
            params.putAll(learner.trainableParameters());
        } else {
            ModuleTree.namedParameters(learner.model())
                    .forEach(
                            (name, p) -> {
                                if (p.isInitialized()) {
                                    params.put(name, p);
                                }
                            });
        }
        Map<String, Stateful> states = new LinkedHashMap<>(learner.state());
        runStates.forEach(
                (name, s) -> {
                    if (states.put(name, s) != null) {
                        throw new IllegalArgumentException("State part '" + name + "' is reserved");
                    }
                });
        taskStates.forEach((name, s) -> states.put("task-" + name, s));
        return new CheckpointContent(params, states, resolvedConfig, adapterOnly);
    }
}
