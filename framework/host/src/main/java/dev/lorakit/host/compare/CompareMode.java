package dev.lorakit.host.compare;

import dev.lorakit.host.config.ConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A way of training the same task: with LoRA adapters, or every parameter (full fine-tuning). */
public enum CompareMode {
    /** LoRA as the config's {@code lora:} section describes it. */
    LORA("lora", "lora.enabled=true"),
    /** Full fine-tuning: {@code lora.enabled: false}, everything else unchanged. */
    FULL("full", "lora.enabled=false");

    private final String id;
    private final String override;

    CompareMode(String id, String override) {
        this.id = id;
        this.override = override;
    }

    /**
     * The name used in options, directory names and tables.
     *
     * @return {@code lora} or {@code full}
     */
    public String id() {
        return id;
    }

    /**
     * The config override that selects this mode; it is the only difference between the modes' runs.
     *
     * @return a {@code --set} value
     */
    public String override() {
        return override;
    }

    /**
     * Parses {@code --modes}.
     *
     * @param spec comma-separated mode ids, e.g. {@code lora,full}
     * @return the modes in the given order
     * @throws ConfigException naming the bad value and the valid ones, or a repeated or empty list
     */
    public static List<CompareMode> parseList(String spec) {
        List<CompareMode> modes = new ArrayList<>();
        for (String part : spec.split(",")) {
            String id = part.trim().toLowerCase(Locale.ROOT);
            CompareMode mode = Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst()
                    .orElseThrow(() -> new ConfigException("--modes: unknown mode \"" + part.trim()
                            + "\"; valid modes: lora, full"));
            if (modes.contains(mode)) {
                throw new ConfigException("--modes: \"" + id + "\" is listed twice in \"" + spec + "\"");
            }
            modes.add(mode);
        }
        if (modes.isEmpty()) {
            throw new ConfigException("--modes: no mode given; valid modes: lora, full");
        }
        return List.copyOf(modes);
    }
}
