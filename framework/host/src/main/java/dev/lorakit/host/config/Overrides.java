package dev.lorakit.host.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
            String path = override.substring(0, eq).trim();
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
     * Sets a dotted path, creating mappings on the way.
     *
     * @param root the top-level mapping
     * @param path e.g. {@code trainer.lr}
     * @param value the value
     * @param context the override, for messages
     */
    public static void set(ObjectNode root, String path, JsonNode value, String context) {
        String[] keys = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < keys.length - 1; i++) {
            if (keys[i].isEmpty()) {
                throw new ConfigException("--set " + context + ": empty key in \"" + path + "\"");
            }
            JsonNode child = node.get(keys[i]);
            if (child == null || child.isNull()) {
                node = node.putObject(keys[i]);
            } else if (child.isObject()) {
                node = (ObjectNode) child;
            } else {
                throw new ConfigException("--set " + context + ": " + String.join(".", java.util.Arrays.copyOf(keys, i + 1))
                        + " is " + ConfigMapper.describe(child) + ", not a mapping");
            }
        }
        node.set(keys[keys.length - 1], value);
    }
}
