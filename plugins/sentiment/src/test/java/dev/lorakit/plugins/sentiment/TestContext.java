package dev.lorakit.plugins.sentiment;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.lorakit.api.ExperimentContext;
import java.nio.file.Path;
import java.util.Random;

/** A run context over a temporary run directory and data directory, for plugin tests. */
record TestContext(Path runDirectory, Path dataDirectory, long seed, NDManager manager) implements ExperimentContext {

    @Override
    public Random random(String component) {
        return new Random(seed * 31 + component.hashCode());
    }

    @Override
    public Device[] devices() {
        return new Device[] {manager.getDevice()};
    }

    @Override
    public Path resolve(String configured) {
        Path p = Path.of(configured);
        return p.isAbsolute() ? p : runDirectory.resolve(p);
    }
}
