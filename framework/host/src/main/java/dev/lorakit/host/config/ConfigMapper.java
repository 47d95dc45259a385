package dev.lorakit.host.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one Jackson setup for configs: YAML, snake_case keys, unknown keys and nulls for
 * primitives are errors; and the translation of Jackson's errors into one-line messages with
 * the file and the key path.
 */
public final class ConfigMapper {

    /** Reads and writes config YAML. */
    public static final ObjectMapper YAML = configure(new ObjectMapper(
            YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .build()));

    private ConfigMapper() {}

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .setSerializationInclusion(JsonInclude.Include.ALWAYS);
    }

    /**
     * Binds one section to its record.
     *
     * @param node the section ({@code null} or missing binds as empty, so defaults apply)
     * @param type the record type
     * @param file the config file name for messages
     * @param section the section's key path, e.g. {@code trainer}
     * @param <T> the record type
     * @return the bound, validated record
     * @throws ConfigException with a one-line message
     */
    public static <T> T bind(JsonNode node, Class<T> type, String file, String section) {
        JsonNode source = node == null || node.isNull() || node.isMissingNode() ? YAML.createObjectNode() : node;
        if (!source.isObject() && !type.isEnum()) {
            throw new ConfigException(file + ": " + section + ": expected a mapping of keys, got "
                    + describe(source));
        }
        try {
            return YAML.treeToValue(source, type);
        } catch (JsonMappingException e) {
            throw translate(e, file, section);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ": " + section + ": " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": " + section + ": " + e.getMessage(), e);
        }
    }

    /**
     * Turns a Jackson binding error into a one-line message.
     *
     * @param e the error
     * @param file the config file name
     * @param section the section's key path
     * @return the config exception
     */
    static ConfigException translate(JsonMappingException e, String file, String section) {
        String path = path(section, e.getPath());
        if (e instanceof UnrecognizedPropertyException u) {
            String valid = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return new ConfigException(file + ": " + path + ": unknown key; valid keys: " + valid, e);
        }
        if (e instanceof ValueInstantiationException) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String message = cause.getMessage();
            // Records name their own keys ("trainer.lr: ..."); only add the path when they do not.
            String root = section.contains(".") ? section.substring(0, section.indexOf('.')) : section;
            return new ConfigException(file + ": " + (message.startsWith(root + ".") ? "" : path + ": ")
                    + message, e);
        }
        if (e instanceof InvalidFormatException f) {
            Class<?> target = f.getTargetType();
            String allowed = target != null && target.isEnum()
                    ? "; allowed: " + Arrays.stream(target.getEnumConstants()).map(Object::toString)
                            .collect(Collectors.joining(", "))
                    : "";
            return new ConfigException(file + ": " + path + ": " + quote(f.getValue()) + " is not "
                    + typeName(target) + allowed, e);
        }
        if (e instanceof InvalidTypeIdException t) {
            // A typed variant (trainer.optimizer.type, ...): name the key and the known types.
            String known = knownTypeNames(t.getBaseType() == null ? null : t.getBaseType().getRawClass());
            String what = t.getTypeId() == null ? "missing" : quote(t.getTypeId()) + " is not a known type";
            return new ConfigException(file + ": " + path + ".type: " + what + "; known types: " + known, e);
        }
        if (e instanceof MismatchedInputException m) {
            return new ConfigException(file + ": " + path + ": expected " + typeName(m.getTargetType()), e);
        }
        return new ConfigException(file + ": " + path + ": " + firstLine(e.getOriginalMessage()), e);
    }

    private static String knownTypeNames(Class<?> base) {
        JsonSubTypes subtypes = base == null ? null : base.getAnnotation(JsonSubTypes.class);
        if (subtypes == null) {
            return "(none declared)";
        }
        return Arrays.stream(subtypes.value()).map(JsonSubTypes.Type::name).sorted()
                .collect(Collectors.joining(", "));
    }

    private static String path(String section, List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder(section);
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of the allowed values";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "a mapping of keys (" + type.getSimpleName() + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.lines().findFirst().orElse("");
        return line.isEmpty() ? "" : " (" + line + ")";
    }

    private static String quote(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }

    /**
     * A short description of a YAML node for messages.
     *
     * @param node the node
     * @return e.g. {@code "abc"} or {@code a list}
     */
    static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "\"" + node.asText() + "\"";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        return node.toString();
    }
}
