package dev.lorakit.cli.adapters;

import dev.lorakit.lora.analysis.AdapterDeltas;
import dev.lorakit.lora.analysis.BaseWeights;
import dev.lorakit.lora.analysis.LayerDelta;
import dev.lorakit.lora.peft.PeftFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where an adapter and its base weights are, from the {@code RUN_DIR|ADAPTER_DIR} argument and
 * {@code --base}: a run directory's adapter is {@code RUN_DIR/adapter}, and without
 * {@code --base} the run's newest checkpoint is the base when it holds the whole model.
 *
 * @param adapterDir the PEFT adapter folder
 * @param base the base weights source, or null when none is given or found
 */
public record AdapterSource(Path adapterDir, Path base) {

    /**
     * Resolves the arguments.
     *
     * @param dir a run directory or an adapter folder
     * @param base {@code --base}, or null
     * @return the source
     * @throws IOException when {@code dir} is neither, or {@code --base} names nothing usable
     */
    public static AdapterSource resolve(Path dir, Path base) throws IOException {
        Path adapter;
        Path run;
        if (Files.isRegularFile(dir.resolve(PeftFormat.CONFIG_FILE))) {
            adapter = dir;
            run = dir.toAbsolutePath().getParent();
        } else if (Files.isRegularFile(dir.resolve("adapter").resolve(PeftFormat.CONFIG_FILE))) {
            adapter = dir.resolve("adapter");
            run = dir;
        } else {
            throw new IOException(dir + " is neither an adapter folder (" + PeftFormat.CONFIG_FILE + ") nor a run directory with adapter/" + PeftFormat.CONFIG_FILE);
        }
        if (base != null) {
            BaseWeights.resolve(base);
            return new AdapterSource(adapter, base);
        }
        if (run != null) {
            try {
                BaseWeights.resolve(run);
                return new AdapterSource(adapter, run);
            } catch (IOException noCheckpoint) {
                // No checkpoint next to the adapter: figures that need W are reported as unknown.
            }
        }
        return new AdapterSource(adapter, null);
    }

    /**
     * Reads the selected layers' updates.
     *
     * @param layers {@code --layers} regex, or null for every layer
     * @return the updates, possibly empty only when {@code layers} is null
     * @throws IOException when the adapter cannot be read
     * @throws IllegalArgumentException when {@code --layers} matches no layer
     */
    public List<LayerDelta> deltas(String layers) throws IOException {
        List<LayerDelta> deltas = AdapterDeltas.read(adapterDir, AdapterDeltas.layers(layers));
        if (deltas.isEmpty() && layers != null) {
            throw new IllegalArgumentException("--layers " + layers + " matches no adapted layer of " + adapterDir);
        }
        return deltas;
    }

    /**
     * Opens the base weights.
     *
     * @return the weights, or null when there is no base
     * @throws IOException when they cannot be read
     */
    public BaseWeights openBase() throws IOException {
        return base == null ? null : BaseWeights.open(base);
    }
}
