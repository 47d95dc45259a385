package dev.lorakit.host.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;

/**
 * {@code --set key.path=value} overrides. The value is read as YAML, so {@code 16} is a number,
 * {@code true} a boolean, {@code [query, value]} a list and {@code {r: 4}} a mapping; an empty
 * value is null (the default).
 */
public final class Overrides {

    private Overrides() {}

    /**
     * Applies overrides to a config tree in order; a later one wins.
     *
     * @param root the config's top-level mapping, changed in place
     * @param overrides {@code key.path=value} items
     * @throws ConfigException naming the override that cannot be applied
     */
    public static void apply(ObjectNode root, List<String> overrides) {
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set " + override + ": expected key.path=value, e.g. lora.r=16");
            }
            String path = ConfigAliases.canonical(override.substring(0, eq).trim());
            set(root, path, parseValue(override.substring(eq + 1), override), override);
        }
    }

    /**
     * Reads one value as YAML.
     *
     * @param text the value text
     * @param context the whole override, for messages
     * @return the value node
     */
    public static JsonNode parseValue(String text, String context) {
        if (text.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            JsonNode node = ConfigMapper.YAML.readTree(text);
            return node == null || node.isMissingNode() ? NullNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            throw new ConfigException("--set " + context + ": the value is not valid YAML ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + ")", e);
        }
    }

    /**
     * Sets a dotted path, creating mappings on the way. A typed variant created this way (e.g.
     * {@code trainer.optimizer} by {@code --set trainer.optimizer.lr=1e-4} on a config without
     * that section) starts as its default type, so that the override changes one value rather
     * than leaving the variant without its {@code type}.
     *
     * @param root the top-level mapping
     * @param path e.g. {@code trainer.optimizer.lr}
     * @param value the value
     * @param context the override, for messages
     */
    public static void set(ObjectNode root, String path, JsonNode value, String context) {
        put(root, path.split("\\."), value, "--set " + context);
    }

    /**
     * Sets the value at a key path, creating mappings on the way.
     *
     * @param root the top-level mapping
     * @param keys the key path
     * @param value the value
     * @param where the origin of the value, prefixing messages
     */
    static void put(ObjectNode root, String[] keys, JsonNode value, String where) {
        ObjectNode node = root;
        for (int i = 0; i < keys.length - 1; i++) {
            if (keys[i].isEmpty()) {
                throw new ConfigException(where + ": empty key in \"" + String.join(".", keys) + "\"");
            }
            JsonNode child = node.get(keys[i]);
            String prefix = String.join(".", Arrays.copyOf(keys, i + 1));
            if (child == null || child.isNull()) {
                node = node.putObject(keys[i]);
                String type = TypedDefaults.typeOf(prefix);
                if (type != null) {
                    node.put("type", type);
                }
            } else if (child.isObject()) {
                node = (ObjectNode) child;
            } else {
                throw new ConfigException(where + ": " + prefix + " is " + ConfigMapper.describe(child) + ", not a mapping");
            }
        }
        node.set(keys[keys.length - 1], value);
    }
}
