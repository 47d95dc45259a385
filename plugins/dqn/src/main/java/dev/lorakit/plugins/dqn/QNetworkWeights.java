package dev.lorakit.plugins.dqn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A Q-network as a safetensors file with PyTorch names ({@code fc1.weight} {@code (out, in)},
 * {@code fc1.bias}, ..., {@code q.bias}), the layout of CleanRL's {@code QNetwork.state_dict()}.
 * Written atomically. What is saved is the network's effective function: for a LoRA-adapted network the merged
 * weights {@code W + scale BA}, so the file is a plain Q-network any later run can start from.
 */
public final class QNetworkWeights {

    private QNetworkWeights() {}

    /**
     * Writes the network's effective weights atomically.
     *
     * @param network the (possibly adapted) network
     * @param file the target file
     * @throws IOException when writing fails
     */
    public static void save(QNetwork network, Path file) throws IOException {
        try (NDManager manager = modelManager(network).newSubManager()) {
            List<EffectiveLinear> layers = EffectiveLinear.probeAll(network, manager);
            List<String> names = network.layerNames();
            NDList arrays = new NDList();
            for (int i = 0; i < layers.size(); i++) {
                NDArray weight = layers.get(i).weightTransposed().transpose().toDevice(ai.djl.Device.cpu(), true);
                weight.setName(names.get(i) + ".weight");
                NDArray bias = layers.get(i).bias().toDevice(ai.djl.Device.cpu(), true);
                bias.setName(names.get(i) + ".bias");
                arrays.add(weight);
                arrays.add(bias);
            }
            byte[] encoded = arrays.encode(NDList.Encoding.SAFETENSORS);
            AtomicFiles.write(file, channel -> AtomicFiles.writeFully(channel, ByteBuffer.wrap(encoded)));
        }
    }

    /** The manager of the network's arrays, so probes run on the model's device. */
    static NDManager modelManager(QNetwork network) {
        return network.getParameters().get(0).getValue().getArray().getManager();
    }

    /**
     * Copies weights from a file into an initialized network whose layer shapes match.
     *
     * @param network the network, initialized, before LoRA injection
     * @param file a file written by {@link #save} (or PyTorch's safetensors of the same names)
     * @param key the config key that named the file, for error messages
     * @throws IOException when the file is missing, unreadable or does not fit the network
     */
    public static void load(QNetwork network, Path file, String key) throws IOException {
        Map<String, Parameter> parameters = ModuleTree.namedParameters(network);
        try (NDManager scratch = modelManager(network).newSubManager();
                InputStream in = Files.newInputStream(file)) {
            NDList arrays = NDList.decode(scratch, in);
            TreeSet<String> found = new TreeSet<>();
            for (NDArray array : arrays) {
                found.add(array.getName());
            }
            if (!found.equals(new TreeSet<>(parameters.keySet()))) {
                throw new IOException(key + ": " + file + " holds tensors " + found
                        + " but the Q-network (hidden_sizes and env) has " + new TreeSet<>(parameters.keySet()));
            }
            for (NDArray array : arrays) {
                NDArray target = parameters.get(array.getName()).getArray();
                if (!target.getShape().equals(array.getShape())) {
                    throw new IOException(key + ": " + file + " tensor " + array.getName() + " has shape "
                            + array.getShape() + " but the Q-network needs " + target.getShape());
                }
                target.set(array.toType(target.getDataType(), false).toFloatArray());
            }
        } catch (NoSuchFileException e) {
            throw new IOException(key + ": no Q-network weights file at " + file, e);
        }
    }
}
