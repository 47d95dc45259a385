package dev.lorakit.lora;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What LoRA adapters to add to which layers: the {@code lora:} section of an experiment config.
 *
 * <pre>{@code
 * lora:
 *   r: 8
 *   alpha: 16
 *   dropout: 0.05
 *   target_modules: [query, value]     # exact path or dotted suffix; "regex:..." for a regex
 *   rank_pattern: {"layer.11.attention.self.query": 16}
 *   modules_to_save: [classifier]
 * }</pre>
 *
 * <p>The scale of an adapter is {@code alpha / r}, or {@code alpha / sqrt(r)} with
 * {@code use_rslora}. {@code rank_pattern} and {@code alpha_pattern} override r and alpha for
 * the layers their keys match (same matching rule as targets; the first matching key wins).
 * An empty {@code target_modules} means "the task's defaults" (see {@link #withDefaults}).
 *
 * @param r the rank, at least 1
 * @param alpha the LoRA alpha, positive
 * @param dropout dropout on the adapter's input, in [0, 1)
 * @param targetModules layers that get adapters
 * @param excludeModules layers that never get adapters, checked first
 * @param rankPattern per-layer rank overrides
 * @param alphaPattern per-layer alpha overrides
 * @param useRslora scale by alpha/√r instead of alpha/r
 * @param init how A and B start
 * @param bias which biases train with the adapter
 * @param modulesToSave modules trained fully and saved with the adapter
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record LoraConfig(
        @JsonProperty("r") int r,
        @JsonProperty("alpha") double alpha,
        @JsonProperty("dropout") double dropout,
        @JsonProperty("target_modules") List<String> targetModules,
        @JsonProperty("exclude_modules") List<String> excludeModules,
        @JsonProperty("rank_pattern") Map<String, Integer> rankPattern,
        @JsonProperty("alpha_pattern") Map<String, Double> alphaPattern,
        @JsonProperty("use_rslora") boolean useRslora,
        @JsonProperty("init") LoraInit init,
        @JsonProperty("bias") LoraBias bias,
        @JsonProperty("modules_to_save") List<String> modulesToSave) {

    /** PEFT's default rank. */
    public static final int DEFAULT_R = 8;

    /** PEFT's default alpha. */
    public static final double DEFAULT_ALPHA = 8;

    /**
     * Validates every field; messages name the key ({@code lora.r must be >= 1, got 0}).
     *
     * @param r the rank
     * @param alpha the alpha
     * @param dropout the dropout
     * @param targetModules target patterns (null = empty)
     * @param excludeModules exclusion patterns (null = empty)
     * @param rankPattern rank overrides (null = empty)
     * @param alphaPattern alpha overrides (null = empty)
     * @param useRslora rsLoRA scaling
     * @param init initialisation (null = default)
     * @param bias bias mode (null = none)
     * @param modulesToSave fully trained modules (null = empty)
     */
    public LoraConfig {
        if (r < 1) {
            throw new IllegalArgumentException("lora.r must be >= 1, got " + r);
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("lora.alpha must be a positive finite number, got " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("lora.dropout must be in [0, 1), got " + dropout);
        }
        targetModules = patterns("lora.target_modules", targetModules);
        excludeModules = patterns("lora.exclude_modules", excludeModules);
        modulesToSave = patterns("lora.modules_to_save", modulesToSave);
        rankPattern = rankPattern == null ? Map.of() : copyOrdered(rankPattern);
        alphaPattern = alphaPattern == null ? Map.of() : copyOrdered(alphaPattern);
        for (Map.Entry<String, Integer> e : rankPattern.entrySet()) {
            TargetMatcher.validate("lora.rank_pattern key", e.getKey());
            if (e.getValue() == null || e.getValue() < 1) {
                throw new IllegalArgumentException("lora.rank_pattern[\"" + e.getKey() + "\"] must be >= 1, got " + e.getValue());
            }
        }
        for (Map.Entry<String, Double> e : alphaPattern.entrySet()) {
            TargetMatcher.validate("lora.alpha_pattern key", e.getKey());
            if (e.getValue() == null || !(e.getValue() > 0) || e.getValue().isInfinite()) {
                throw new IllegalArgumentException("lora.alpha_pattern[\"" + e.getKey() + "\"] must be a positive finite number, got " + e.getValue());
            }
        }
        init = init == null ? LoraInit.DEFAULT : init;
        bias = bias == null ? LoraBias.NONE : bias;
    }

    /**
     * Binds a config section with PEFT's defaults for absent keys (r = 8, alpha = 8, no
     * dropout). Used by Jackson.
     *
     * @param r the rank or null
     * @param alpha the alpha or null
     * @param dropout the dropout or null
     * @param targetModules targets or null
     * @param excludeModules exclusions or null
     * @param rankPattern rank overrides or null
     * @param alphaPattern alpha overrides or null
     * @param useRslora rsLoRA or null
     * @param init init or null
     * @param bias bias mode or null
     * @param modulesToSave fully trained modules or null
     * @return the validated config
     */
    @JsonCreator
    public static LoraConfig bind(
            @JsonProperty("r") Integer r,
            @JsonProperty("alpha") Double alpha,
            @JsonProperty("dropout") Double dropout,
            @JsonProperty("target_modules") List<String> targetModules,
            @JsonProperty("exclude_modules") List<String> excludeModules,
            @JsonProperty("rank_pattern") Map<String, Integer> rankPattern,
            @JsonProperty("alpha_pattern") Map<String, Double> alphaPattern,
            @JsonProperty("use_rslora") Boolean useRslora,
            @JsonProperty("init") LoraInit init,
            @JsonProperty("bias") LoraBias bias,
            @JsonProperty("modules_to_save") List<String> modulesToSave) {
        return new LoraConfig(
                r == null ? DEFAULT_R : r,
                alpha == null ? DEFAULT_ALPHA : alpha,
                dropout == null ? 0 : dropout,
                targetModules,
                excludeModules,
                rankPattern,
                alphaPattern,
                useRslora != null && useRslora,
                init,
                bias,
                modulesToSave);
    }

    /**
     * A config with PEFT's defaults and the given targets.
     *
     * @param targetModules the targets
     * @return the config; change fields with the {@code with...} methods
     */
    public static LoraConfig of(String... targetModules) {
        return bind(null, null, null, List.of(targetModules), null, null, null, null, null, null, null);
    }

    /**
     * Copy with another rank.
     *
     * @param newR the rank
     * @return the new config
     */
    public LoraConfig withR(int newR) {
        return new LoraConfig(newR, alpha, dropout, targetModules, excludeModules, rankPattern, alphaPattern, useRslora, init, bias, modulesToSave);
    }

    /**
     * Copy with another alpha.
     *
     * @param newAlpha the alpha
     * @return the new config
     */
    public LoraConfig withAlpha(double newAlpha) {
        return new LoraConfig(r, newAlpha, dropout, targetModules, excludeModules, rankPattern, alphaPattern, useRslora, init, bias, modulesToSave);
    }

    /**
     * Copy with another dropout.
     *
     * @param newDropout the dropout
     * @return the new config
     */
    public LoraConfig withDropout(double newDropout) {
        return new LoraConfig(r, alpha, newDropout, targetModules, excludeModules, rankPattern, alphaPattern, useRslora, init, bias, modulesToSave);
    }

    /**
     * Copy with another init.
     *
     * @param newInit the init
     * @return the new config
     */
    public LoraConfig withInit(LoraInit newInit) {
        return new LoraConfig(r, alpha, dropout, targetModules, excludeModules, rankPattern, alphaPattern, useRslora, newInit, bias, modulesToSave);
    }

    /**
     * Copy with rsLoRA on or off.
     *
     * @param rslora whether to scale by alpha/√r
     * @return the new config
     */
    public LoraConfig withRslora(boolean rslora) {
        return new LoraConfig(r, alpha, dropout, targetModules, excludeModules, rankPattern, alphaPattern, rslora, init, bias, modulesToSave);
    }

    /**
     * Copy with another bias mode.
     *
     * @param newBias the mode
     * @return the new config
     */
    public LoraConfig withBias(LoraBias newBias) {
        return new LoraConfig(r, alpha, dropout, targetModules, excludeModules, rankPattern, alphaPattern, useRslora, init, newBias, modulesToSave);
    }

    /**
     * Copy with other exclusions.
     *
     * @param patterns the exclusion patterns
     * @return the new config
     */
    public LoraConfig withExcludeModules(String... patterns) {
        return new LoraConfig(r, alpha, dropout, targetModules, List.of(patterns), rankPattern, alphaPattern, useRslora, init, bias, modulesToSave);
    }

    /**
     * Copy with other modules to save.
     *
     * @param patterns the modules trained fully
     * @return the new config
     */
    public LoraConfig withModulesToSave(String... patterns) {
        return new LoraConfig(r, alpha, dropout, targetModules, excludeModules, rankPattern, alphaPattern, useRslora, init, bias, List.of(patterns));
    }

    /**
     * Copy with per-layer overrides.
     *
     * @param ranks rank overrides
     * @param alphas alpha overrides
     * @return the new config
     */
    public LoraConfig withPatterns(Map<String, Integer> ranks, Map<String, Double> alphas) {
        return new LoraConfig(r, alpha, dropout, targetModules, excludeModules, ranks, alphas, useRslora, init, bias, modulesToSave);
    }

    /**
     * Fills empty target and modules-to-save lists with a task's defaults.
     *
     * @param defaultTargets the task's targets
     * @param defaultModulesToSave the task's fully trained modules
     * @return this config, or a copy with the defaults
     */
    public LoraConfig withDefaults(List<String> defaultTargets, List<String> defaultModulesToSave) {
        return new LoraConfig(
                r,
                alpha,
                dropout,
                targetModules.isEmpty() ? defaultTargets : targetModules,
                excludeModules,
                rankPattern,
                alphaPattern,
                useRslora,
                init,
                bias,
                modulesToSave.isEmpty() ? defaultModulesToSave : modulesToSave);
    }

    /**
     * The rank for one layer: the first matching {@code rank_pattern} key, else {@code r}.
     *
     * @param path the layer's module path
     * @return the rank
     */
    public int rankFor(String path) {
        return rankPattern.entrySet().stream().filter(e -> TargetMatcher.matches(e.getKey(), path)).map(Map.Entry::getValue).findFirst().orElse(r);
    }

    /**
     * The alpha for one layer: the first matching {@code alpha_pattern} key, else {@code alpha}.
     *
     * @param path the layer's module path
     * @return the alpha
     */
    public double alphaFor(String path) {
        return alphaPattern.entrySet().stream().filter(e -> TargetMatcher.matches(e.getKey(), path)).map(Map.Entry::getValue).findFirst().orElse(alpha);
    }

    /**
     * The scale of the adapter on one layer.
     *
     * @param path the layer's module path
     * @return {@code alpha/r}, or {@code alpha/sqrt(r)} with rsLoRA
     */
    public double scaleFor(String path) {
        int rank = rankFor(path);
        return alphaFor(path) / (useRslora ? Math.sqrt(rank) : rank);
    }

    private static List<String> patterns(String key, List<String> in) {
        if (in == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            TargetMatcher.validate(key + "[" + i + "]", in.get(i));
            out.add(in.get(i));
        }
        return List.copyOf(out);
    }

    private static <V> Map<String, V> copyOrdered(Map<String, V> in) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(in));
    }
}
