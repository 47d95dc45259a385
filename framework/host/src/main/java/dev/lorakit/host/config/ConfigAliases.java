package dev.lorakit.host.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Short names for config keys that people type often. An alias works wherever a key path does
 * — in the YAML file, in {@code --set} and in {@code --grid} — and is rewritten to its canonical
 * key before binding, so {@code config.resolved.yaml} always shows the canonical key:
 *
 * <pre>{@code
 * ./lorakit sweep configs/x.yaml --grid lora.r=4,8,16 --grid trainer.lr=1e-3,1e-4
 * # runs with trainer.optimizer.lr = 1e-3 and 1e-4, whatever the optimizer type
 * }</pre>
 *
 * <p>Setting an alias and its canonical key in the same mapping is an error, even with equal
 * values: one of them would silently lose otherwise. Between {@code --set} items (and the file)
 * the usual rule holds: the later one wins.
 */
public final class ConfigAliases {

    /** Alias key path to canonical key path. */
    public static final Map<String, String> ALIASES = Map.of("trainer.lr", "trainer.optimizer.lr");

    private ConfigAliases() {}

    /**
     * The canonical form of a key path: an alias (or a path below it) is rewritten, any other
     * path is returned as it is.
     *
     * @param path a dotted key path, e.g. {@code trainer.lr}
     * @return e.g. {@code trainer.optimizer.lr}
     */
    public static String canonical(String path) {
        for (Map.Entry<String, String> alias : ALIASES.entrySet()) {
            if (path.equals(alias.getKey()) || path.startsWith(alias.getKey() + ".")) {
                return alias.getValue() + path.substring(alias.getKey().length());
            }
        }
        return path;
    }

    /**
     * Moves every alias key of a config tree to its canonical path.
     *
     * @param root the config's top-level mapping, changed in place
     * @param file the config file's name, for messages
     * @throws ConfigException when an alias and its canonical key are both set
     */
    static void normalize(ObjectNode root, String file) {
        for (Map.Entry<String, String> alias : ALIASES.entrySet()) {
            String[] keys = alias.getKey().split("\\.");
            ObjectNode parent = mappingAt(root, keys, keys.length - 1);
            if (parent == null || !parent.has(keys[keys.length - 1])) {
                continue;
            }
            String[] target = alias.getValue().split("\\.");
            ObjectNode targetParent = mappingAt(root, target, target.length - 1);
            if (targetParent != null && targetParent.has(target[target.length - 1])) {
                throw new ConfigException(file + ": " + alias.getKey() + " and " + alias.getValue()
                        + " are both set (" + alias.getKey() + " is an alias of " + alias.getValue() + "); keep one");
            }
            JsonNode value = parent.remove(keys[keys.length - 1]);
            Overrides.put(root, target, value, file + ": " + alias.getKey());
        }
    }

    /** The mapping reached by the first {@code depth} keys, or null when one is absent or not a mapping. */
    private static ObjectNode mappingAt(ObjectNode root, String[] keys, int depth) {
        JsonNode node = root;
        for (int i = 0; i < depth; i++) {
            node = node.get(keys[i]);
            if (node == null || !node.isObject()) {
                return null;
            }
        }
        return (ObjectNode) node;
    }
}
