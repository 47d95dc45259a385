package dev.lorakit.zoo.vision;

import ai.djl.nn.Block;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.io.SafetensorsFile;
import dev.lorakit.lora.io.TensorInfo;
import dev.lorakit.zoo.weights.HostTensor;
import dev.lorakit.zoo.weights.WeightAssignment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One safetensors weights file read once: its tensors (float32 host copies, F16/BF16 expanded)
 * and its header's {@code __metadata__}. Code that needs a network's sizes (read off the
 * tensors' shapes), settings the file records (metadata) and its weights takes all three from
 * one read.
 *
 * <pre>{@code
 * WeightsFile base = WeightsFile.read(Path.of("runs/style-fast-base.safetensors"));
 * TransformerNet net = TransformerNet.builderFor(base).build();   // sizes and output kind
 * net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16, 16));
 * base.loadInto(net, key -> false);
 * }</pre>
 *
 * @param file where the tensors were read (named in error messages)
 * @param tensors name to tensor, in file order
 * @param metadata the header's {@code __metadata__}, empty when the file has none
 */
public record WeightsFile(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata) {

    /**
     * Copies the maps (the tensors' order is kept).
     *
     * @param file the file
     * @param tensors the tensors
     * @param metadata the metadata
     */
    public WeightsFile {
        Objects.requireNonNull(file, "file");
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tensors, "tensors")));
        metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
    }

    /**
     * Reads every tensor and the metadata of a safetensors file.
     *
     * @param file the safetensors file
     * @return its contents
     * @throws IOException when the file is missing or malformed
     */
    public static WeightsFile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("Weights file " + file + " does not exist");
        }
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            for (TensorInfo info : st.tensors().values()) {
                tensors.put(info.name(), new HostTensor(info.shape().getShape(), st.floats(info.name())));
            }
            return new WeightsFile(file, tensors, st.metadata());
        }
    }

    /**
     * Copies the tensors into an initialised block, strictly by {@link ModuleTree} names: every
     * parameter needs a tensor of its exact shape, and every tensor a parameter unless {@code
     * ignore} accepts its key. Nothing is copied when a check fails.
     *
     * @param block an initialised block
     * @param ignore keys of the file that are knowingly not loaded
     * @return the number of parameters loaded
     * @throws IllegalArgumentException naming missing, unexpected and mis-shaped tensors
     */
    public int loadInto(Block block, Predicate<String> ignore) {
        return WeightAssignment.builder().setTensors(tensors).optIgnore(ignore).build().applyTo(block, file.toString());
    }
}
