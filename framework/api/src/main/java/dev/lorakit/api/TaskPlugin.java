package dev.lorakit.api;

/**
 * One kind of experiment that lorakit can run: DQN on an environment, text classification,
 * style transfer, ...
 *
 * <p>A plugin describes its task and builds it; the host owns everything around it: config
 * binding, LoRA injection, the shared {@link Learner}, checkpoints, metrics and the run
 * directory. A plugin jar has one Guice module (listed in {@code META-INF/services/
 * com.google.inject.Module}) that adds its plugin to the set the host reads:
 *
 * <pre>{@code
 * public final class DqnModule extends AbstractModule {
 *     protected void configure() {
 *         Multibinder.newSetBinder(binder(), TaskPlugin.class).addBinding().to(DqnPlugin.class);
 *     }
 * }
 * }</pre>
 *
 * <p>The plugin's id, version and API range come from its {@code lorakit-plugin.json}
 * descriptor; {@link #id()} must equal the descriptor's id.
 *
 * @param <C> the typed config bound from the YAML section named after {@link #id()}
 */
public interface TaskPlugin<C extends TaskConfig> {

    /**
     * The id that selects this plugin in a config ({@code plugin: dqn}).
     *
     * @return a lower-case id, unique among loaded plugins
     */
    String id();

    /**
     * One sentence for {@code lorakit plugins list}.
     *
     * @return a human-readable description
     */
    String description();

    /**
     * The record the plugin's config section binds to. Unknown keys are errors; the record
     * validates its values in its constructor.
     *
     * @return the config class
     */
    Class<C> configClass();

    /**
     * The layers that receive LoRA adapters and the modules trained fully, unless the run's
     * {@code lora:} section overrides them.
     *
     * @return the declared defaults
     */
    LoraDefaults loraDefaults();

    /**
     * Builds the task: its model (with pretrained weights loaded when the config names them),
     * its data or environment, loss and evaluation. LoRA is injected by the host afterwards.
     *
     * @param config the validated config section
     * @param context the run's context
     * @return the task, closed by the host when the run ends
     * @throws Exception when the task cannot be built; the message names the config key
     */
    Task createTask(C config, ExperimentContext context) throws Exception;
}
