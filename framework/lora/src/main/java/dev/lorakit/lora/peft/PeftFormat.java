package dev.lorakit.lora.peft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.lora.LoraBias;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraInit;
import dev.lorakit.lora.TargetMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mapping between lorakit and PEFT's adapter format, as pure functions used by both saving
 * and loading (PEFT's {@code utils/save_and_load.py} keeps its mapping in one place too).
 *
 * <p><b>Tensor keys.</b> Inside a model an adapter's parameters are named like PEFT's state dict,
 * {@code <layer path>.lora_A.<adapter>.weight}; in the file the adapter name is dropped and
 * {@code base_model.model.} prepended: {@code base_model.model.<layer path>.lora_A.weight}.
 * Embeddings use {@code lora_embedding_A}/{@code lora_embedding_B} without {@code .weight}.
 * Modules to save and biases keep their path: {@code base_model.model.classifier.weight}; the bias
 * of a layer that carries an adapter is {@code base_model.model.<layer>.base_layer.bias}, as PEFT
 * names it inside its LoRA wrapper.
 *
 * <p><b>Config fields.</b> {@code r ↔ r}, {@code alpha ↔ lora_alpha}, {@code dropout ↔
 * lora_dropout}, {@code target_modules}, {@code exclude_modules}, {@code rank_pattern},
 * {@code alpha_pattern}, {@code use_rslora}, {@code bias}, {@code modules_to_save} keep their
 * names; {@code init ↔ init_lora_weights} ({@code default ↔ true}). A target list with only
 * names is written as PEFT's list (PEFT matches list entries as exact names or dotted suffixes,
 * like lorakit); a list with {@code regex:} entries becomes one PEFT regex string (PEFT's
 * full-match rule), and a PEFT string is read back as one {@code regex:} entry.
 */
public final class PeftFormat {

    /** The config file of an adapter folder. */
    public static final String CONFIG_FILE = "adapter_config.json";

    /** The weights file of an adapter folder. */
    public static final String WEIGHTS_FILE = "adapter_model.safetensors";

    /** The prefix of every key in PEFT's weights file. */
    public static final String KEY_PREFIX = "base_model.model.";

    private static final Pattern LORA_SEGMENT = Pattern.compile("\\.(lora_A|lora_B|lora_embedding_A|lora_embedding_B)\\.([^.]+)(\\.weight)?$");
    private static final Pattern PEFT_LORA_KEY = Pattern.compile("\\.(lora_A|lora_B|lora_embedding_A|lora_embedding_B)(\\.weight)?$");
    private static final Pattern BASE_LAYER = Pattern.compile("\\.base_layer(\\.[^.]+)$");
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_.]+");

    private PeftFormat() {}

    /**
     * The file key of a parameter: the adapter name is dropped from LoRA parameters and
     * {@code base_model.model.} prepended.
     *
     * @param internalName the parameter's name in the model ({@code fc1.lora_A.default.weight})
     * @param adapter the adapter being saved
     * @return the key in {@code adapter_model.safetensors}
     */
    public static String toPeftKey(String internalName, String adapter) {
        Matcher m = LORA_SEGMENT.matcher(internalName);
        if (m.find()) {
            if (!m.group(2).equals(adapter)) {
                throw new IllegalArgumentException("Parameter '" + internalName + "' belongs to adapter '" + m.group(2) + "', not '" + adapter + "'");
            }
            return KEY_PREFIX + internalName.substring(0, m.start()) + "." + m.group(1) + (m.group(3) == null ? "" : m.group(3));
        }
        return KEY_PREFIX + internalName;
    }

    /**
     * The file key of a parameter of a model with adapters: as {@link #toPeftKey(String, String)},
     * except that the own tensors of an adapted layer (its bias, saved with {@code bias: all} or
     * {@code lora_only}) sit under PEFT's wrapper, {@code base_model.model.<layer>.base_layer.bias},
     * where PEFT 0.21 saves and looks for them.
     *
     * @param internalName the parameter's name in the model
     * @param adapter the adapter being saved
     * @param adaptedLayers the paths of the layers that carry LoRA adapters
     * @return the key in {@code adapter_model.safetensors}
     */
    public static String toPeftKey(String internalName, String adapter, java.util.Set<String> adaptedLayers) {
        int dot = internalName.lastIndexOf('.');
        if (dot > 0 && !LORA_SEGMENT.matcher(internalName).find() && adaptedLayers.contains(internalName.substring(0, dot))) {
            return KEY_PREFIX + internalName.substring(0, dot) + ".base_layer" + internalName.substring(dot);
        }
        return toPeftKey(internalName, adapter);
    }

    /**
     * The inverse of {@link #toPeftKey}: also reads PEFT's {@code <layer>.base_layer.<tensor>} keys
     * as the layer's own {@code <layer>.<tensor>}.
     *
     * @param peftKey a key of {@code adapter_model.safetensors}
     * @param adapter the adapter being loaded
     * @return the parameter's name in the model
     * @throws IllegalArgumentException when the key lacks PEFT's prefix
     */
    public static String toInternalKey(String peftKey, String adapter) {
        if (!peftKey.startsWith(KEY_PREFIX)) {
            throw new IllegalArgumentException("Key '" + peftKey + "' does not start with '" + KEY_PREFIX + "' as PEFT's keys do");
        }
        String rest = peftKey.substring(KEY_PREFIX.length());
        Matcher m = PEFT_LORA_KEY.matcher(rest);
        if (m.find()) {
            return rest.substring(0, m.start()) + "." + m.group(1) + "." + adapter + (m.group(2) == null ? "" : m.group(2));
        }
        return BASE_LAYER.matcher(rest).replaceFirst("$1");
    }

    /**
     * {@code adapter_config.json} content for a config.
     *
     * @param config the adapter's config
     * @param meta base model name and task type
     * @param json the mapper that creates nodes
     * @return the JSON object, PEFT's field names
     */
    public static ObjectNode toAdapterConfig(LoraConfig config, PeftMetadata meta, ObjectMapper json) {
        ObjectNode o = json.createObjectNode();
        o.put("peft_type", "LORA");
        o.put("task_type", meta.taskType());
        o.put("base_model_name_or_path", meta.baseModelNameOrPath());
        o.putNull("revision");
        o.put("inference_mode", true);
        o.put("r", config.r());
        putNumber(o, "lora_alpha", config.alpha());
        o.put("lora_dropout", config.dropout());
        putPatterns(o, "target_modules", config.targetModules(), json);
        putPatterns(o, "exclude_modules", config.excludeModules(), json);
        o.put("bias", config.bias().configName());
        o.put("use_rslora", config.useRslora());
        if (config.modulesToSave().isEmpty()) {
            o.putNull("modules_to_save");
        } else {
            ArrayNode a = o.putArray("modules_to_save");
            config.modulesToSave().forEach(p -> a.add(stripRegex(p)));
        }
        switch (config.init()) {
            case DEFAULT -> o.put("init_lora_weights", true);
            default -> o.put("init_lora_weights", config.init().configName());
        }
        ObjectNode ranks = o.putObject("rank_pattern");
        config.rankPattern().forEach((k, v) -> ranks.put(stripRegex(k), v));
        ObjectNode alphas = o.putObject("alpha_pattern");
        config.alphaPattern().forEach((k, v) -> putNumber(alphas, stripRegex(k), v));
        o.put("fan_in_fan_out", false);
        o.put("use_dora", false);
        o.putNull("layers_to_transform");
        o.putNull("layers_pattern");
        o.put("lora_bias", false);
        return o;
    }

    /**
     * The config an {@code adapter_config.json} describes.
     *
     * @param o the parsed JSON
     * @param source the file, for messages
     * @return the config
     * @throws IllegalArgumentException naming the file and field when it is not a LoRA adapter
     *     or uses a PEFT feature lorakit lacks (DoRA, fan_in_fan_out, layers_to_transform, ...)
     */
    public static LoraConfig fromAdapterConfig(JsonNode o, String source) {
        String type = o.path("peft_type").asText("");
        if (!type.equals("LORA")) {
            throw new IllegalArgumentException(source + ": peft_type is '" + type + "'; lorakit loads LORA adapters only");
        }
        refuseIfSet(o, source, "use_dora", "DoRA");
        refuseIfSet(o, source, "fan_in_fan_out", "fan_in_fan_out (GPT-2 Conv1D layers)");
        refuseIfSet(o, source, "lora_bias", "lora_bias");
        for (String f : List.of("layers_to_transform", "layers_pattern", "target_parameters", "layer_replication")) {
            JsonNode v = o.get(f);
            if (v != null && !v.isNull() && !(v.isContainerNode() && v.isEmpty())) {
                throw new IllegalArgumentException(source + ": " + f + " = " + v + " is not supported by lorakit");
            }
        }
        Map<String, Integer> ranks = new LinkedHashMap<>();
        o.path("rank_pattern").fields().forEachRemaining(e -> ranks.put(fromPeftPatternKey(e.getKey()), e.getValue().asInt()));
        Map<String, Double> alphas = new LinkedHashMap<>();
        o.path("alpha_pattern").fields().forEachRemaining(e -> alphas.put(fromPeftPatternKey(e.getKey()), e.getValue().asDouble()));
        JsonNode init = o.path("init_lora_weights");
        LoraInit loraInit = init.isTextual() && (init.asText().equals("gaussian") || init.asText().startsWith("pissa")) ? LoraInit.parse(init.asText().startsWith("pissa") ? "pissa" : "gaussian") : LoraInit.DEFAULT;
        try {
            return new LoraConfig(
                    o.path("r").asInt(LoraConfig.DEFAULT_R),
                    o.path("lora_alpha").asDouble(LoraConfig.DEFAULT_ALPHA),
                    o.path("lora_dropout").asDouble(0),
                    readPatterns(o.get("target_modules")),
                    readPatterns(o.get("exclude_modules")),
                    ranks,
                    alphas,
                    o.path("use_rslora").asBoolean(false),
                    loraInit,
                    LoraBias.parse(o.path("bias").asText("none")),
                    readPatterns(o.get("modules_to_save")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static void refuseIfSet(JsonNode o, String source, String field, String feature) {
        if (o.path(field).asBoolean(false)) {
            throw new IllegalArgumentException(source + ": " + field + " is true; lorakit does not support " + feature);
        }
    }

    private static void putNumber(ObjectNode o, String key, double v) {
        if (v == Math.rint(v) && Math.abs(v) < Integer.MAX_VALUE) {
            o.put(key, (int) v);
        } else {
            o.put(key, v);
        }
    }

    private static void putPatterns(ObjectNode o, String key, List<String> patterns, ObjectMapper json) {
        if (patterns.isEmpty()) {
            o.putNull(key);
        } else if (patterns.stream().noneMatch(p -> p.startsWith(TargetMatcher.REGEX_PREFIX))) {
            ArrayNode a = o.putArray(key);
            patterns.forEach(a::add);
        } else if (patterns.size() == 1) {
            o.put(key, patterns.get(0).substring(TargetMatcher.REGEX_PREFIX.length()));
        } else {
            List<String> parts = new ArrayList<>();
            for (String p : patterns) {
                parts.add(p.startsWith(TargetMatcher.REGEX_PREFIX)
                        ? "(?:" + p.substring(TargetMatcher.REGEX_PREFIX.length()) + ")"
                        : "(?:.*\\.)?" + p.replace(".", "\\."));
            }
            o.put(key, String.join("|", parts));
        }
    }

    private static List<String> readPatterns(JsonNode v) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (v.isTextual()) {
            return List.of(TargetMatcher.REGEX_PREFIX + v.asText());
        }
        List<String> out = new ArrayList<>();
        v.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static String stripRegex(String pattern) {
        return pattern.startsWith(TargetMatcher.REGEX_PREFIX) ? pattern.substring(TargetMatcher.REGEX_PREFIX.length()) : pattern;
    }

    /** PEFT matches pattern keys with {@code (.*\.)?key$}: a plain name is a dotted suffix, as here. */
    private static String fromPeftPatternKey(String key) {
        return PLAIN_NAME.matcher(key).matches() ? key : TargetMatcher.REGEX_PREFIX + "(?:.*\\.)?(?:" + key + ")";
    }
}
