package dev.lorakit.host.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.api.LoraDefaults;
import dev.lorakit.api.TaskConfig;
import dev.lorakit.host.plugin.LoadedPlugin;
import dev.lorakit.host.plugin.PluginRegistry;
import dev.lorakit.host.plugin.UnknownPluginException;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.train.CheckpointConfig;
import dev.lorakit.train.TrainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code configs/*.yaml} into an {@link ExperimentSpec}: YAML, then {@code --set}
 * overrides, then the plugin chosen by {@code plugin:}, then each section bound to its record.
 * Every error is one line naming the file and the key path:
 *
 * <pre>{@code
 * ResolvedConfig config = ExperimentConfigs.load(Path.of("configs/cartpole-dqn.yaml"),
 *         List.of("lora.r=16"), plugins);
 * Files.writeString(runDir.resolve("config.resolved.yaml"), config.toYaml());
 * }</pre>
 */
public final class ExperimentConfigs {

    private ExperimentConfigs() {}

    /**
     * Loads a config file.
     *
     * @param file the YAML file
     * @param overrides {@code key.path=value} overrides applied after reading
     * @param plugins the loaded plugins
     * @return the resolved config
     * @throws ConfigException with a one-line message naming the file and key
     */
    public static ResolvedConfig load(Path file, List<String> overrides, PluginRegistry plugins) {
        ObjectNode root = read(file);
        // The file's aliases first, so that a later --set of the canonical key simply wins.
        ConfigAliases.normalize(root, file.toString());
        Overrides.apply(root, overrides);
        return bind(root, file, plugins);
    }

    /**
     * Binds an already-read config tree, rewriting {@link ConfigAliases aliases} to their canonical keys.
     *
     * @param root the top-level mapping (overrides applied)
     * @param file the file it came from, for messages and relative paths
     * @param plugins the loaded plugins
     * @return the resolved config
     */
    public static ResolvedConfig bind(ObjectNode root, Path file, PluginRegistry plugins) {
        String name = file.toString();
        ConfigAliases.normalize(root, name);
        JsonNode pluginNode = root.get("plugin");
        if (pluginNode == null || pluginNode.isNull()) {
            throw new ConfigException(name + ": plugin: missing; known plugins: " + known(plugins));
        }
        if (!pluginNode.isTextual()) {
            throw new ConfigException(name + ": plugin: " + ConfigMapper.describe(pluginNode)
                    + " is not a plugin id; known plugins: " + known(plugins));
        }
        LoadedPlugin plugin;
        try {
            plugin = plugins.require(pluginNode.asText());
        } catch (UnknownPluginException e) {
            throw new ConfigException(name + ": plugin: " + e.getMessage(), e);
        }
        String id = plugin.id();
        List<String> valid = new ArrayList<>(ExperimentSpec.SHARED_KEYS);
        valid.add(id);
        for (String key : (Iterable<String>) root::fieldNames) {
            if (!valid.contains(key)) {
                throw new ConfigException(name + ": " + key + ": unknown key; valid keys: " + String.join(", ", valid));
            }
        }
        long seed = seed(root.get("seed"), name);
        String initFrom = initFrom(root.get("init_from"), name);
        LoraSection lora = lora(root.get("lora"), plugin.plugin().loraDefaults(), name);
        TrainerConfig trainer = ConfigMapper.bind(root.get("trainer"), TrainerConfig.class, name, "trainer");
        CheckpointConfig checkpoint =
                ConfigMapper.bind(root.get("checkpoint"), CheckpointConfig.class, name, "checkpoint");
        TaskConfig task = ConfigMapper.bind(root.get(id), plugin.plugin().configClass(), name, id);
        ExportConfig export = ConfigMapper.bind(root.get("export"), ExportConfig.class, name, "export");
        return new ResolvedConfig(file,
                new ExperimentSpec(id, seed, lora, trainer, checkpoint, initFrom, task, export), plugin);
    }

    /**
     * The full config tree of a spec, every default included, in the order a person reads it.
     *
     * @param spec the experiment
     * @return the tree
     */
    public static ObjectNode toTree(ExperimentSpec spec) {
        ObjectNode root = ConfigMapper.YAML.createObjectNode();
        root.put("plugin", spec.plugin());
        root.put("seed", spec.seed());
        root.put("init_from", spec.initFrom());
        ObjectNode lora = root.putObject("lora");
        lora.put("enabled", spec.lora().enabled());
        lora.setAll((ObjectNode) ConfigMapper.YAML.valueToTree(spec.lora().config()));
        root.set("trainer", ConfigMapper.YAML.valueToTree(spec.trainer()));
        root.set("checkpoint", ConfigMapper.YAML.valueToTree(spec.checkpoint()));
        root.set("export", ConfigMapper.YAML.valueToTree(spec.export()));
        root.set(spec.plugin(), ConfigMapper.YAML.valueToTree(spec.task()));
        return root;
    }

    /**
     * The resolved config as YAML.
     *
     * @param spec the experiment
     * @return YAML that {@link #load} reads back to an equal spec
     */
    public static String toYaml(ExperimentSpec spec) {
        try {
            return ConfigMapper.YAML.writeValueAsString(toTree(spec));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the resolved config", e);
        }
    }

    /**
     * Reads a YAML file's top-level mapping.
     *
     * @param file the file
     * @return the mapping
     * @throws ConfigException when the file is missing, unreadable or not a mapping
     */
    public static ObjectNode read(Path file) {
        String name = file.toString();
        JsonNode tree;
        try {
            tree = ConfigMapper.YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException(name + ": no such config file", e);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            throw new ConfigException(name + ": " + where + "not valid YAML ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + ")", e);
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (tree == null || !tree.isObject()) {
            throw new ConfigException(name + ": expected a mapping of keys at the top level (plugin: ..., trainer: ...)");
        }
        return (ObjectNode) tree;
    }

    private static long seed(JsonNode node, String file) {
        if (node == null || node.isNull()) {
            return 1;
        }
        if (!node.canConvertToLong() || !node.isIntegralNumber()) {
            throw new ConfigException(file + ": seed: " + ConfigMapper.describe(node) + " is not an integer");
        }
        if (node.asLong() < 0) {
            throw new ConfigException(file + ": seed: " + node.asLong() + " is out of range (must be >= 0)");
        }
        return node.asLong();
    }

    private static LoraSection lora(JsonNode node, LoraDefaults defaults, String file) {
        ObjectNode settings = ConfigMapper.YAML.createObjectNode();
        boolean enabled = true;
        if (node != null && !node.isNull()) {
            if (!node.isObject()) {
                throw new ConfigException(file + ": lora: expected a mapping of keys, got " + ConfigMapper.describe(node));
            }
            settings = ((ObjectNode) node).deepCopy();
            JsonNode e = settings.remove("enabled");
            if (e != null && !e.isNull()) {
                if (!e.isBoolean()) {
                    throw new ConfigException(file + ": lora.enabled: " + ConfigMapper.describe(e)
                            + " is not true or false");
                }
                enabled = e.asBoolean();
            }
        }
        fill(settings, "target_modules", defaults.targetModules());
        fill(settings, "modules_to_save", defaults.modulesToSave());
        return new LoraSection(enabled, ConfigMapper.bind(settings, LoraConfig.class, file, "lora"));
    }

    private static void fill(ObjectNode settings, String key, List<String> values) {
        JsonNode current = settings.get(key);
        if (current == null || current.isNull()) {
            settings.set(key, ConfigMapper.YAML.valueToTree(values));
        }
    }

    private static String initFrom(JsonNode node, String file) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new ConfigException(file + ": init_from: " + ConfigMapper.describe(node)
                    + " is not a path to a checkpoint or run directory");
        }
        return node.asText();
    }

    private static String known(PluginRegistry plugins) {
        return plugins.ids().isEmpty() ? "(none loaded)" : String.join(", ", plugins.ids());
    }
}
