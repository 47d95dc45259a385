package dev.lorakit.zoo.djl;

import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooProvider;

/** Registers {@link LorakitModelZoo} with DJL through {@code META-INF/services}. */
public final class LorakitZooProvider implements ZooProvider {

    @Override
    public ModelZoo getModelZoo() {
        return new LorakitModelZoo();
    }
}
