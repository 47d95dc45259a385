package dev.lorakit.plugins.dqn;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.lorakit.api.TaskPlugin;

/** The plugin's Guice module: adds {@link DqnPlugin} to the host's set of task plugins. */
public final class DqnModule extends AbstractModule {

    /** Creates the module; found by {@code ServiceLoader}. */
    public DqnModule() {}

    @Override
    @SuppressWarnings("rawtypes")
    protected void configure() {
        Multibinder.newSetBinder(binder(), TaskPlugin.class).addBinding().to(DqnPlugin.class);
    }
}
