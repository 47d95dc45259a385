package dev.lorakit.testing.blobs;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.lorakit.api.TaskPlugin;

/** Binds the blobs plugin. */
public final class BlobsModule extends AbstractModule {

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), TaskPlugin.class).addBinding().to(BlobsPlugin.class);
    }
}
