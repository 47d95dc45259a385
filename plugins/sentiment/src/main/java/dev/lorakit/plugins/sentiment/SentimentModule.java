package dev.lorakit.plugins.sentiment;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.lorakit.api.TaskPlugin;

/** The plugin's one Guice module, listed in {@code META-INF/services/com.google.inject.Module}. */
public final class SentimentModule extends AbstractModule {

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), TaskPlugin.class).addBinding().to(SentimentPlugin.class);
    }
}
