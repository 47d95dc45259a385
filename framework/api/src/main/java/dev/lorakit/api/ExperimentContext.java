package dev.lorakit.api;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Random;

/** What a plugin may use while it builds its task: paths, seeding, devices, memory. */
public interface ExperimentContext {

    /**
     * The run directory ({@code metrics.jsonl}, {@code report/}, ... live here). Plugins may
     * write extra artifacts under it.
     *
     * @return the run directory
     */
    Path runDirectory();

    /**
     * The run seed.
     *
     * @return the seed from the config's {@code seed:} key
     */
    long seed();

    /**
     * A random generator for one component, derived from the run seed and the component name,
     * so that components do not share a stream and adding one does not shift the others.
     *
     * <p>The host's and the tests' contexts use this default, {@link Seeds#random}, so that a test
     * sees the same streams as a run with the same seed.
     *
     * @param component a stable name, e.g. {@code data-split} or {@code env}
     * @return a new generator; the same name gives the same sequence
     */
    default Random random(String component) {
        return Seeds.random(seed(), component);
    }

    /**
     * Devices the run trains on (GPUs when present, else the CPU, unless {@code
     * trainer.devices} says otherwise); the first is where the model lives.
     *
     * @return the devices
     */
    Device[] devices();

    /**
     * A manager that lives as long as the run, on the first device.
     *
     * @return the run's manager
     */
    NDManager manager();

    /**
     * Resolves a path from the config: absolute as is, relative against the config file's
     * directory, {@code ~} expanded.
     *
     * @param configured the path as written in the config
     * @return the resolved path
     */
    Path resolve(String configured);

    /**
     * Where fetched data sets live ({@code ${LORAKIT_DATA:-~/.cache/lorakit/data}}).
     *
     * @return the data directory
     */
    Path dataDirectory();
}
