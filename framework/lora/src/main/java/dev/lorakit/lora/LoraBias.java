package dev.lorakit.lora;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** Which biases train with the adapter (and are saved with it), as PEFT's {@code bias}. */
public enum LoraBias {
    /** No bias trains. */
    NONE,
    /** Every bias of the model trains. */
    ALL,
    /** Only the biases of the adapted layers train. */
    LORA_ONLY;

    /**
     * The config spelling.
     *
     * @return {@code none}, {@code all} or {@code lora_only}
     */
    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the config spelling.
     *
     * @param value the string from the config
     * @return the bias mode
     * @throws IllegalArgumentException naming the key and the allowed values
     */
    @JsonCreator
    public static LoraBias parse(String value) {
        return Arrays.stream(values())
                .filter(v -> v.configName().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("lora.bias must be one of [none, all, lora_only], got '" + value + "'"));
    }
}
