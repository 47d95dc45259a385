package dev.lorakit.zoo.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.lorakit.lora.ModuleTree;
import java.util.ArrayList;
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
