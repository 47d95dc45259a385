package dev.lorakit.zoo.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.lorakit.lora.ModuleTree;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Copies named tensors (a PyTorch state dict, e.g. read from safetensors) into an initialised
 * block, matching keys against {@link ModuleTree#namedParameters} names.
 *
 * <pre>{@code
 * StateDicts.LoadReport r = StateDicts.load(vgg, tensors, StateDicts.Mode.ALLOW_UNUSED, "vgg19.safetensors");
 * r.unused(); // e.g. classifier.* of a full torchvision vgg19 checkpoint
 * }</pre>
 */
public final class StateDicts {

    private StateDicts() {}

    /** What to do with tensors the block has no parameter for. */
    public enum Mode {
        /** Every tensor must be used. */
        STRICT,
        /** Extra tensors are reported, not loaded (a full vgg19 file for the features only). */
        ALLOW_UNUSED
    }

    /**
     * What a load did.
     *
     * @param loaded parameter names that received a tensor
     * @param unused tensor names that matched no parameter
     */
    public record LoadReport(List<String> loaded, List<String> unused) {

        /**
         * Copies the lists.
         *
         * @param loaded parameter names that received a tensor
         * @param unused tensor names that matched no parameter
         */
        public LoadReport {
            loaded = List.copyOf(loaded);
            unused = List.copyOf(unused);
        }
    }

    /**
     * Loads a safetensors file into an initialised block ({@link #load} rules).
     *
     * @param root an initialised block
     * @param file a safetensors file with the block's parameter names
     * @param mode whether extra tensors are an error
     * @param manager where the file's tensors are created (closed before returning)
     * @return the loaded and unused names
     * @throws IOException when the file is missing or malformed
     */
    public static LoadReport loadSafetensors(Block root, Path file, Mode mode, NDManager manager) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("Weights file " + file + " does not exist");
        }
        try (NDManager scratch = manager.newSubManager();
                InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            NDList list = NDList.decode(scratch, in);
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (NDArray a : list) {
                tensors.put(a.getName(), a);
            }
            return load(root, tensors, mode, file.toString());
        }
    }

    /**
     * Writes every parameter of a block under its {@link ModuleTree} name to a safetensors file,
     * atomically (temporary file, fsync, rename).
     *
     * @param root an initialised block
     * @param file where to write
     * @throws IOException when writing fails
     */
    public static void writeSafetensors(Block root, Path file) throws IOException {
        NDList list = new NDList();
        for (Map.Entry<String, Parameter> e : ModuleTree.namedParameters(root).entrySet()) {
            NDArray a = e.getValue().getArray().duplicate();
            a.setName(e.getKey());
            list.add(a);
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                list.encode(out, NDList.Encoding.SAFETENSORS);
                out.flush();
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
            list.close();
        }
    }

    /**
     * Copies every tensor into the parameter of the same name. All parameters of the block must
     * be present with their exact shape; nothing is changed when a check fails.
     *
     * @param root an initialised block
     * @param tensors name to tensor
     * @param mode whether extra tensors are an error
     * @param source where the tensors came from, for error messages
     * @return the loaded and unused names
     */
    public static LoadReport load(Block root, Map<String, NDArray> tensors, Mode mode, String source) {
        Map<String, Parameter> params = ModuleTree.namedParameters(root);
        List<String> missing = new ArrayList<>();
        List<String> badShapes = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Parameter p = e.getValue();
            if (!p.isInitialized()) {
                throw new IllegalStateException(
                        "Initialize the block before loading " + source + ": parameter " + e.getKey() + " has no array");
            }
            NDArray t = tensors.get(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
            } else if (!t.getShape().equals(p.getArray().getShape())) {
                badShapes.add(e.getKey() + " is " + t.getShape() + " in the file, " + p.getArray().getShape() + " in the model");
            }
        }
        List<String> unused = new ArrayList<>(new TreeSet<>(tensors.keySet()));
        unused.removeAll(params.keySet());
        if (!missing.isEmpty() || !badShapes.isEmpty() || (mode == Mode.STRICT && !unused.isEmpty())) {
            StringBuilder msg = new StringBuilder("Cannot load " + source + " into " + root.getClass().getSimpleName() + ":");
            if (!missing.isEmpty()) {
                msg.append(" missing tensors ").append(missing).append(';');
            }
            if (!badShapes.isEmpty()) {
                msg.append(" shape mismatch: ").append(String.join("; ", badShapes)).append(';');
            }
            if (mode == Mode.STRICT && !unused.isEmpty()) {
                msg.append(" tensors with no parameter of that name ").append(unused).append(';');
            }
            msg.append(" the model's parameters are ").append(params.keySet());
            throw new IllegalArgumentException(msg.toString());
        }
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray dst = e.getValue().getArray();
            NDArray src = tensors.get(e.getKey()).toDevice(dst.getDevice(), false).toType(dst.getDataType(), false);
            src.copyTo(dst);
        }
        return new LoadReport(new ArrayList<>(params.keySet()), unused);
    }
}
