package dev.lorakit.host.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.train.CheckpointConfig;
import dev.lorakit.train.TrainerConfig;

/**
 * The default {@code type} of each typed variant of the shared sections ({@code
 * trainer.optimizer: adamw}, {@code trainer.schedule: constant}), read from the sections'
 * defaults so that it never disagrees with them.
 */
final class TypedDefaults {

    private static final ObjectNode DEFAULTS = defaults();

    private TypedDefaults() {}

    /**
     * The default type of the variant at a key path.
     *
     * @param path e.g. {@code trainer.optimizer}
     * @return e.g. {@code adamw}, or null when the path is not a typed variant of a shared section
     */
    static String typeOf(String path) {
        JsonNode node = DEFAULTS;
        for (String key : path.split("\\.")) {
            node = node.get(key);
            if (node == null) {
                return null;
            }
        }
        JsonNode type = node.get("type");
        return node.isObject() && type != null && type.isTextual() ? type.asText() : null;
    }

    private static ObjectNode defaults() {
        ObjectNode root = ConfigMapper.YAML.createObjectNode();
        root.set("trainer", ConfigMapper.YAML.valueToTree(TrainerConfig.defaults()));
        root.set("checkpoint", ConfigMapper.YAML.valueToTree(CheckpointConfig.defaults()));
        return root;
    }
}
