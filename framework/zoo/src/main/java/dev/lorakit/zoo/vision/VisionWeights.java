package dev.lorakit.zoo.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.io.Safetensors;
import dev.lorakit.zoo.weights.HostTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Weights of vision networks as safetensors files keyed by PyTorch names: loading a
 * torchvision-layout file (what converting {@code torchvision.models.vgg19().state_dict()} gives)
 * and saving a trained network so a later run can start from it.
 *
 * <pre>{@code
 * Vgg19 vgg = Vgg19.builder().build();
 * vgg.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
 * // a full vgg19 file also holds classifier.*: skip those, load every features.* key
 * VisionWeights.load(vgg, Path.of("vgg19.safetensors"), key -> key.startsWith("classifier."));
 * }</pre>
 */
public final class VisionWeights {

    private VisionWeights() {}

    /**
     * Reads every tensor of a safetensors file as float32 host tensors (F16/BF16 expanded); {@link
     * WeightsFile#read} also keeps the file's metadata.
     *
     * @param file the safetensors file
     * @return name to tensor, in file order
     * @throws IOException when the file is missing or malformed
     */
    public static Map<String, HostTensor> read(Path file) throws IOException {
        return WeightsFile.read(file).tensors();
    }

    /**
     * Loads a safetensors file into an initialised block, strictly by {@link ModuleTree}
     * names: every parameter needs a tensor of its exact shape, and every tensor a parameter
     * unless {@code ignore} accepts its key. Nothing is copied when a check fails.
     *
     * @param block an initialised block
     * @param file the safetensors file
     * @param ignore keys of the file that are knowingly not loaded
     * @return the number of parameters loaded
     * @throws IOException when the file is missing or malformed
     * @throws IllegalArgumentException naming missing, unexpected and mis-shaped tensors
     */
    public static int load(Block block, Path file, Predicate<String> ignore) throws IOException {
        return WeightsFile.read(file).loadInto(block, ignore);
    }

    /**
     * Writes every parameter of a block under its {@link ModuleTree} name, atomically.
     *
     * @param block an initialised block
     * @param file where to write
     * @param metadata the header's {@code __metadata__} (e.g. how the weights were made)
     * @throws IOException when writing fails
     */
    public static void save(Block block, Path file, Map<String, String> metadata) throws IOException {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : ModuleTree.namedParameters(block).entrySet()) {
            tensors.put(e.getKey(), e.getValue().getArray());
        }
        Safetensors.write(file, tensors, metadata);
    }
}
