package dev.lorakit.lora.analysis;

import dev.lorakit.lora.io.SafetensorsFile;
import dev.lorakit.lora.io.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds and reads a model's base weights under {@code ModuleTree} names: a safetensors file, a
 * checkpoint directory ({@code parameters.safetensors}), or a run directory (its newest
 * checkpoint). An adapter-only checkpoint has no base weights; lookups then come back empty.
 */
public final class BaseWeights implements AutoCloseable {

    /** The parameters file of a checkpoint directory. */
    public static final String CHECKPOINT_FILE = "parameters.safetensors";

    private final SafetensorsFile file;

    private BaseWeights(SafetensorsFile file) {
        this.file = file;
    }

    /**
     * Opens base weights.
     *
     * @param source a {@code .safetensors} file, a checkpoint directory or a run directory
     * @return the opened weights
     * @throws IOException naming the path and what was looked for when nothing is found
     */
    public static BaseWeights open(Path source) throws IOException {
        return new BaseWeights(SafetensorsFile.open(resolve(source)));
    }

    /**
     * The safetensors file a source names.
     *
     * @param source a file, checkpoint directory or run directory
     * @return the file
     * @throws IOException when none is there
     */
    public static Path resolve(Path source) throws IOException {
        if (Files.isRegularFile(source)) {
            return source;
        }
        if (Files.isRegularFile(source.resolve(CHECKPOINT_FILE))) {
            return source.resolve(CHECKPOINT_FILE);
        }
        Path checkpoints = source.resolve("checkpoints");
        if (Files.isDirectory(checkpoints)) {
            try (Stream<Path> steps = Files.list(checkpoints)) {
                List<Path> found = steps.filter(p -> p.getFileName().toString().startsWith("step-") && Files.isRegularFile(p.resolve(CHECKPOINT_FILE))).sorted().toList();
                if (!found.isEmpty()) {
                    return found.get(found.size() - 1).resolve(CHECKPOINT_FILE);
                }
            }
        }
        throw new IOException("--base " + source + ": not a .safetensors file, a checkpoint directory with " + CHECKPOINT_FILE + ", or a run directory with checkpoints/step-*/" + CHECKPOINT_FILE);
    }

    /**
     * The file read.
     *
     * @return its path
     */
    public Path path() {
        return file.path();
    }

    /**
     * The open file, for copying every tensor (merge).
     *
     * @return the file
     */
    public SafetensorsFile file() {
        return file;
    }

    /**
     * The tensor name of a layer's base weight: {@code <path>.weight}, or
     * {@code <path>.base_layer.weight} as PEFT names a wrapped layer.
     *
     * @param layerPath the layer's module path
     * @return the name, if the file has it
     */
    public Optional<String> weightName(String layerPath) {
        for (String name : List.of(layerPath + ".weight", layerPath + ".base_layer.weight")) {
            if (file.names().contains(name)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /**
     * A layer's base weight laid out like its ΔW ([out, in·kh·kw] for a conv kernel).
     *
     * @param delta the layer's update, whose shape the weight must have
     * @return the weight, or empty when the file lacks it (adapter-only checkpoint)
     * @throws IOException when it cannot be read or its size differs from ΔW's
     */
    public Optional<DenseMatrix> weightFor(LayerDelta delta) throws IOException {
        Optional<String> name = weightName(delta.layer().path());
        if (name.isEmpty()) {
            return Optional.empty();
        }
        TensorInfo t = file.info(name.get());
        DenseMatrix d = delta.delta();
        if (t.shape().size() != (long) d.rows() * d.cols() || t.shape().get(0) != d.rows()) {
            throw new IOException(file.path() + ": '" + name.get() + "' is " + t.shape() + " but the adapter's ΔW for '" + delta.layer().path() + "' is [" + d.rows() + ", " + d.cols() + "]");
        }
        return Optional.of(DenseMatrix.ofFloats(d.rows(), d.cols(), file.floats(name.get())));
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
