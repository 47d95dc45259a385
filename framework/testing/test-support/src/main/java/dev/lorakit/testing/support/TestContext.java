package dev.lorakit.testing.support;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.lorakit.api.ExperimentContext;
import dev.lorakit.api.Seeds;
import java.nio.file.Path;

/**
 * The {@link ExperimentContext} a plugin's task gets from the host, for tests that build a task
 * without the host: a run directory, a data directory, the run seed, and a manager on its device.
 * Random generators are derived exactly as the host derives them ({@link Seeds#random}), so a
 * test sees the data a real run with the same seed sees.
 *
 * <pre>{@code
 * try (TestContext context = new TestContext(tmp.resolve("run"), 7)) {
 *     Task task = new DqnPlugin().createTask(config, context);
 *     ...
 * }
 * }</pre>
 */
public final class TestContext implements ExperimentContext, AutoCloseable {

    private final Path runDirectory;
    private final Path dataDirectory;
    private final long seed;
    private final NDManager manager;
    private final boolean ownsManager;

    /**
     * A context with its own CPU manager (closed by {@link #close()}) and {@code RUN/data} as the
     * data directory.
     *
     * @param runDirectory the run directory; relative config paths resolve against it
     * @param seed the run seed
     */
    public TestContext(Path runDirectory, long seed) {
        this(runDirectory, runDirectory.resolve("data"), seed, NDManager.newBaseManager(Device.cpu()), true);
    }

    /**
     * A context over the caller's manager (not closed by {@link #close()}).
     *
     * @param runDirectory the run directory; relative config paths resolve against it
     * @param dataDirectory where datasets are looked up
     * @param seed the run seed
     * @param manager the run's manager; its device is the run's device
     */
    public TestContext(Path runDirectory, Path dataDirectory, long seed, NDManager manager) {
        this(runDirectory, dataDirectory, seed, manager, false);
    }

    private TestContext(Path runDirectory, Path dataDirectory, long seed, NDManager manager, boolean ownsManager) {
        this.runDirectory = runDirectory;
        this.dataDirectory = dataDirectory;
        this.seed = seed;
        this.manager = manager;
        this.ownsManager = ownsManager;
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
    public Device[] devices() {
        return new Device[] {manager.getDevice()};
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
        return dataDirectory;
    }

    /** Closes the manager when this context created it. */
    @Override
    public void close() {
        if (ownsManager) {
            manager.close();
        }
    }
}
