package dev.lorakit.plugins.dqn;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.lorakit.api.ExperimentContext;
import java.nio.file.Path;
import java.util.Random;

/** A run context over a temporary run directory, as the host builds one. */
final class TestContext implements ExperimentContext, AutoCloseable {

    private final Path runDirectory;
    private final long seed;
    private final NDManager manager = NDManager.newBaseManager(Device.cpu());

    TestContext(Path runDirectory, long seed) {
        this.runDirectory = runDirectory;
        this.seed = seed;
    }

    @Override
    public Path runDirectory() {
        return runDirectory;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public Random random(String component) {
        return new Random(seed * 1_000_003L + component.hashCode());
    }

    @Override
    public Device[] devices() {
        return new Device[] {Device.cpu()};
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public Path resolve(String configured) {
        Path p = Path.of(configured);
        return p.isAbsolute() ? p : runDirectory.resolve(p);
    }

    @Override
    public Path dataDirectory() {
        return runDirectory.resolve("data");
    }

    @Override
    public void close() {
        manager.close();
    }
}
