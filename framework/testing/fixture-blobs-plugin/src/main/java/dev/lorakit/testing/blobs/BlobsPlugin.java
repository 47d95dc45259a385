package dev.lorakit.testing.blobs;

import dev.lorakit.api.ExperimentContext;
import dev.lorakit.api.LoraDefaults;
import dev.lorakit.api.Task;
import dev.lorakit.api.TaskPlugin;
import java.util.List;
import org.apache.commons.math3.util.FastMath;

/** Two Gaussian blobs, classified by a small MLP; its data comes from the bundled commons-math3. */
public final class BlobsPlugin implements TaskPlugin<BlobsConfig> {

    @Override
    public String id() {
        return "fixture-blobs";
    }

    @Override
    public String description() {
        // Touches the bundled library when the host lists the plugin, not only when it runs.
        return "Two Gaussian blobs drawn with commons-math3 (bundled; e = " + FastMath.exp(1.0) + ")";
    }

    @Override
    public Class<BlobsConfig> configClass() {
        return BlobsConfig.class;
    }

    @Override
    public LoraDefaults loraDefaults() {
        return new LoraDefaults(List.of("0"), List.of("2"));
    }

    @Override
    public Task createTask(BlobsConfig config, ExperimentContext context) {
        return new BlobsTask(config, context.random("data").nextLong());
    }
}
