package dev.lorakit.lora;

import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PyTorch-style names for the modules and parameters of a DJL block tree, and the one
 * supported way to swap a child block.
 *
 * <p>DJL stores a child as {@code "%02d" + name} ({@code "01query"}); {@link SequentialBlock}
 * and {@link ParallelBlock} name children after their class ({@code "03Linear"}). lorakit
 * paths follow what a PyTorch user sees in {@code model.named_modules()}: the numeric prefix
 * is dropped ({@code query}), and children of sequential/parallel containers are addressed by
 * their zero-based index ({@code features.0}), as {@code nn.Sequential} does. This is what makes
 * LoRA target names and PEFT adapter keys read the same in Java and Python:
 *
 * <pre>{@code
 * Map<String, Block> modules = ModuleTree.namedModules(bert);
 * Block query = modules.get("encoder.layer.0.attention.self.query");
 * Map<String, Parameter> params = ModuleTree.namedParameters(bert);
 * params.get("encoder.layer.0.attention.self.query.weight");
 * }</pre>
 *
 * <p>Parameter names are mapped to PyTorch's too ({@code gamma}/{@code beta} of a norm become
 * {@code weight}/{@code bias}, an embedding table becomes {@code weight}), so the same key
 * addresses a tensor in a Hugging Face checkpoint and here.
 */
public final class ModuleTree {

    private static final Pattern DJL_CHILD_PREFIX = Pattern.compile("^(\\d{2,})(.*)$");
    private static final Map<String, String> TORCH_PARAMETER_NAMES =
            Map.of(
                    "gamma", "weight",
                    "beta", "bias",
                    "embedding", "weight",
                    "runningMean", "running_mean",
                    "runningVar", "running_var");

    private ModuleTree() {}

    /**
     * Every block of the tree by its dotted path, in depth-first order; the root is {@code ""}.
     *
     * @param root the model's top block
     * @return an ordered, unmodifiable map from path to block
     */
    public static Map<String, Block> namedModules(Block root) {
        Map<String, Block> out = new LinkedHashMap<>();
        collectModules(root, "", out);
        return Collections.unmodifiableMap(out);
    }

    /**
     * Every parameter of the tree under its PyTorch-style dotted name ({@code fc1.weight}).
     *
     * @param root the model's top block
     * @return an ordered, unmodifiable map from name to parameter
     */
    public static Map<String, Parameter> namedParameters(Block root) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Map.Entry<String, Block> module : namedModules(root).entrySet()) {
            for (Pair<String, Parameter> p : module.getValue().getDirectParameters()) {
                out.put(join(module.getKey(), torchParameterName(p.getKey())), p.getValue());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The direct children of a block under their path segments ({@code query}, or {@code 0}
     * for the first child of a sequential/parallel container).
     *
     * @param parent the block whose children to list
     * @return an ordered, unmodifiable map from segment to child
     */
    public static Map<String, Block> children(Block parent) {
        Map<String, Block> out = new LinkedHashMap<>();
        BlockList children = parent.getChildren();
        boolean indexed = isIndexedContainer(parent);
        for (int i = 0; i < children.size(); i++) {
            String segment = indexed ? Integer.toString(i) : segmentOf(children.keyAt(i));
            if (out.put(segment, children.valueAt(i)) != null) {
                throw new IllegalStateException(
                        "Block "
                                + parent.getClass().getName()
                                + " has two children named '"
                                + segment
                                + "'; lorakit paths need unique child names");
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Looks up a block by dotted path.
     *
     * @param root the model's top block
     * @param path a path as returned by {@link #namedModules(Block)}
     * @return the block
     * @throws IllegalArgumentException naming the first segment that does not exist and the
     *     children that do
     */
    public static Block get(Block root, String path) {
        Block current = root;
        if (path.isEmpty()) {
            return root;
        }
        StringBuilder walked = new StringBuilder();
        for (String segment : path.split("\\.")) {
            Map<String, Block> children = children(current);
            Block next = children.get(segment);
            if (next == null) {
                throw new IllegalArgumentException(
                        "No module '"
                                + path
                                + "': '"
                                + (walked.length() == 0 ? "<root>" : walked)
                                + "' has no child '"
                                + segment
                                + "'; its children are "
                                + children.keySet());
            }
            walked.append(walked.length() == 0 ? "" : ".").append(segment);
            current = next;
        }
        return current;
    }

    /**
     * Replaces the block at {@code path} with {@code replacement}.
     *
     * <p>DJL has no public API for this. The child is swapped in the parent's child list, and
     * every instance field of the parent that holds the old child (by identity) is pointed at
     * the replacement, so blocks that call a child through a typed field ({@code Linear query})
     * see the new one too. A replacement whose type does not fit such a field is refused before
     * anything changes.
     *
     * @param root the model's top block
     * @param path dotted path of the block to replace (not the root)
     * @param replacement the new block
     * @return the block that was replaced
     */
    public static Block replace(Block root, String path, Block replacement) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("Cannot replace the root block");
        }
        int dot = path.lastIndexOf('.');
        Block parent = get(root, dot < 0 ? "" : path.substring(0, dot));
        String segment = path.substring(dot + 1);
        List<String> segments = new ArrayList<>(children(parent).keySet());
        int index = segments.indexOf(segment);
        if (index < 0) {
            throw new IllegalArgumentException(
                    "No module '" + path + "'; siblings are " + segments);
        }
        if (!(parent instanceof AbstractBlock)) {
            throw new IllegalArgumentException(
                    "Cannot replace a child of "
                            + parent.getClass().getName()
                            + ": only AbstractBlock subclasses keep a child list");
        }
        BlockList children = childList((AbstractBlock) parent);
        Block old = children.valueAt(index);
        List<Field> fields = fieldsHolding(parent, old);
        for (Field f : fields) {
            if (!f.getType().isInstance(replacement)) {
                throw new IllegalArgumentException(
                        "Cannot replace '"
                                + path
                                + "': field "
                                + parent.getClass().getSimpleName()
                                + "."
                                + f.getName()
                                + " is a "
                                + f.getType().getName()
                                + " and the replacement is a "
                                + replacement.getClass().getName());
            }
        }
        children.values().set(index, replacement);
        try {
            for (Field f : fields) {
                f.set(parent, replacement);
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot update field of " + parent.getClass(), e);
        }
        return old;
    }

    /**
     * The PyTorch name of a DJL parameter name: {@code gamma → weight}, {@code beta → bias},
     * {@code embedding → weight}, {@code runningMean → running_mean}, {@code runningVar →
     * running_var}; other names are kept.
     *
     * @param djlName the name DJL gave the parameter
     * @return the name PyTorch uses for the same tensor
     */
    public static String torchParameterName(String djlName) {
        return TORCH_PARAMETER_NAMES.getOrDefault(djlName, djlName);
    }

    /**
     * The path segment of a DJL child key: the {@code %02d} prefix DJL adds is dropped.
     *
     * @param djlChildName a key of {@link Block#getChildren()}
     * @return the segment used in lorakit paths
     */
    public static String segmentOf(String djlChildName) {
        Matcher m = DJL_CHILD_PREFIX.matcher(djlChildName);
        return m.matches() && !m.group(2).isEmpty() ? m.group(2) : djlChildName;
    }

    /**
     * Joins two path parts with a dot, ignoring an empty prefix.
     *
     * @param prefix a path or {@code ""}
     * @param name the part to append
     * @return {@code prefix.name}, or {@code name} when prefix is empty
     */
    public static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    private static boolean isIndexedContainer(Block block) {
        return block instanceof SequentialBlock || block instanceof ParallelBlock;
    }

    private static void collectModules(Block block, String path, Map<String, Block> out) {
        out.put(path, block);
        for (Map.Entry<String, Block> child : children(block).entrySet()) {
            collectModules(child.getValue(), join(path, child.getKey()), out);
        }
    }

    private static BlockList childList(AbstractBlock parent) {
        try {
            Field f = AbstractBlock.class.getDeclaredField("children");
            f.setAccessible(true);
            return (BlockList) f.get(parent);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("This DJL version hides AbstractBlock.children", e);
        }
    }

    private static List<Field> fieldsHolding(Block parent, Block child) {
        List<Field> out = new ArrayList<>();
        for (Class<?> c = parent.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                if (!Block.class.isAssignableFrom(f.getType())
                        && !f.getType().isAssignableFrom(child.getClass())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    if (f.get(parent) == child) {
                        out.add(f);
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // Fields of JDK classes may refuse access; they cannot hold our child.
                }
            }
        }
        return out;
    }
}
