package dev.lorakit.plugins.dqn;

import dev.lorakit.api.ExperimentContext;
import dev.lorakit.api.LoraDefaults;
import dev.lorakit.api.Task;
import dev.lorakit.api.TaskPlugin;
import java.util.List;

/**
 * DQN on a discrete-action environment ({@code plugin: dqn}). The Q-network's {@code fc1},
 * {@code fc2} and {@code q} layers are the LoRA targets, so a Q-network trained on one
 * environment can be adapted to a changed one (a longer, heavier pole) by training adapters
 * only.
 */
public final class DqnPlugin implements TaskPlugin<DqnConfig> {

    /** The plugin id, as in {@code lorakit-plugin.json}. */
    public static final String ID = "dqn";

    /** Creates the plugin; the host instantiates it through Guice. */
    public DqnPlugin() {}

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "DQN / Double DQN with target network, replay (uniform, prioritized, n-step) and LoRA transfer between environment variants";
    }

    @Override
    public Class<DqnConfig> configClass() {
        return DqnConfig.class;
    }

    @Override
    public LoraDefaults loraDefaults() {
        return new LoraDefaults(List.of("fc1", "fc2", "q"), List.of());
    }

    @Override
    public Task createTask(DqnConfig config, ExperimentContext context) throws Exception {
        return new DqnTask(config, context);
    }
}
