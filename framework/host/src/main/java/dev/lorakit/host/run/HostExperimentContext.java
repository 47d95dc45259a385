package dev.lorakit.host.run;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.lorakit.api.ExperimentContext;
import java.nio.file.Path;

/** The {@link ExperimentContext} of one run. */
final class HostExperimentContext implements ExperimentContext, AutoCloseable {

    private final Path runDirectory;
    private final long seed;
    private final Path configDirectory;
    private final Device[] devices;
    private final NDManager manager;

    HostExperimentContext(Path runDirectory, long seed, Path configDirectory, Device[] devices) {
        this.runDirectory = runDirectory;
        this.seed = seed;
        this.configDirectory = configDirectory;
        this.devices = devices.clone();
        this.manager = NDManager.newBaseManager(devices[0]);
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
        return devices.clone();
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public Path resolve(String configured) {
        String expanded = configured.startsWith("~/") || configured.equals("~")
                ? System.getProperty("user.home") + configured.substring(1)
                : configured;
        Path p = Path.of(expanded);
        return p.isAbsolute() ? p.normalize() : configDirectory.resolve(p).normalize();
    }

    @Override
    public Path dataDirectory() {
        String env = System.getenv("LORAKIT_DATA");
        return env != null && !env.isBlank()
                ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "lorakit", "data");
    }

    @Override
    public void close() {
        manager.close();
    }
}
