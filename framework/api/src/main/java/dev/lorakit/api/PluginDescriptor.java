package dev.lorakit.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.regex.Pattern;

/**
 * What a plugin jar says about itself in {@code lorakit-plugin.json} at its root:
 *
 * <pre>{@code
 * {
 *   "id": "dqn",
 *   "version": "0.1.0",
 *   "requires": "^0.1.0",
 *   "description": "Deep Q-learning on Gymnasium-style environments",
 *   "license": "Apache-2.0",
 *   "entry_module": "dev.lorakit.plugins.dqn.DqnModule",
 *   "threads": 1
 * }
 * }</pre>
 *
 * @param id the plugin id, equal to {@link TaskPlugin#id()}: lower case, digits and dashes
 * @param version the plugin's own semantic version
 * @param requires the range of {@link PluginApi#VERSION} the plugin works with (npm syntax:
 *     {@code ^0.1.0}, {@code >=0.1.0 <0.3.0}, {@code 0.1.x})
 * @param description one sentence
 * @param license an SPDX license id
 * @param entryModule the fully qualified class name of the plugin's Guice module
 * @param threads optional: the intra-op thread count the plugin's models run fastest with (a tiny
 *     MLP: 1), which {@code lorakit} gives the engine unless the user chooses ({@code --threads},
 *     {@code LORAKIT_THREADS}); null leaves the engine's default (one per core)
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record PluginDescriptor(
        @JsonProperty("id") String id,
        @JsonProperty("version") String version,
        @JsonProperty("requires") String requires,
        @JsonProperty("description") String description,
        @JsonProperty("license") String license,
        @JsonProperty("entry_module") String entryModule,
        @JsonProperty("threads") Integer threads) {

    /** The file name of the descriptor at a plugin jar's root. */
    public static final String FILE_NAME = "lorakit-plugin.json";

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*");

    /**
     * Validates every field.
     *
     * @param id the plugin id
     * @param version the plugin version
     * @param requires the plugin API range
     * @param description one sentence
     * @param license an SPDX license id
     * @param entryModule the Guice module class name
     * @param threads the intra-op thread hint, >= 1, or null for none
     */
    @JsonCreator
    public PluginDescriptor {
        require("id", id);
        require("version", version);
        require("requires", requires);
        require("description", description);
        require("license", license);
        require("entry_module", entryModule);
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "id \"" + id + "\" is not valid (lower-case letters, digits and dashes, starting with a letter)");
        }
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 (or absent for the engine's default), got " + threads);
        }
    }

    /**
     * A descriptor without a thread hint (the six keys every descriptor has).
     *
     * @param id the plugin id
     * @param version the plugin version
     * @param requires the plugin API range
     * @param description one sentence
     * @param license an SPDX license id
     * @param entryModule the Guice module class name
     */
    public PluginDescriptor(
            String id, String version, String requires, String description, String license, String entryModule) {
        this(id, version, requires, description, license, entryModule, null);
    }

    private static void require(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is missing or blank");
        }
        if (value.contains("${")) {
            throw new IllegalArgumentException(key + " \"" + value + "\" has an unfiltered build placeholder");
        }
    }
}
