package dev.lorakit.lora;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** How a new adapter's A and B matrices start. */
public enum LoraInit {
    /** PEFT's default: A Kaiming-uniform (a = √5), B zeros (embedding: A zeros, B normal). */
    DEFAULT,
    /** A normal with standard deviation 1/r, B zeros. */
    GAUSSIAN,
    /**
     * PiSSA: A and B from the top-r singular triplets of W, and W replaced by the residual
     * {@code W - scale·B·A}, so the output is unchanged; Linear layers only.
     */
    PISSA;

    /**
     * The config spelling.
     *
     * @return {@code default}, {@code gaussian} or {@code pissa}
     */
    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the config spelling.
     *
     * @param value the string from the config
     * @return the init
     * @throws IllegalArgumentException naming the key and the allowed values
     */
    @JsonCreator
    public static LoraInit parse(String value) {
        return Arrays.stream(values())
                .filter(v -> v.configName().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("lora.init must be one of [default, gaussian, pissa], got '" + value + "'"));
    }
}
