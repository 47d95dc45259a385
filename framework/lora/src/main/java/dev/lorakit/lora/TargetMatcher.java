package dev.lorakit.lora;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * lorakit's one rule for naming layers in a config, whatever the list it appears in
 * ({@code target_modules}, {@code exclude_modules}, {@code modules_to_save}, pattern keys):
 * a pattern matches a module path when it equals the path or is a dotted suffix of it
 * ({@code query} matches {@code encoder.layer.0.attention.self.query} but not {@code subquery});
 * a pattern starting with {@code regex:} is a Java regular expression that must match the whole
 * path. The form of the argument never changes the rule (unlike PEFT, where a string is a regex
 * and a list holds suffixes).
 */
public final class TargetMatcher {

    /** The prefix that marks a regular expression. */
    public static final String REGEX_PREFIX = "regex:";

    private TargetMatcher() {}

    /**
     * Whether a pattern matches a module path.
     *
     * @param pattern a name, dotted suffix, or {@code regex:...}
     * @param path a module path from {@link ModuleTree#namedModules}
     * @return true when it matches
     */
    public static boolean matches(String pattern, String path) {
        if (pattern.startsWith(REGEX_PREFIX)) {
            return Pattern.compile(pattern.substring(REGEX_PREFIX.length())).matcher(path).matches();
        }
        return path.equals(pattern) || path.endsWith("." + pattern);
    }

    /**
     * The first pattern of a list that matches a path.
     *
     * @param patterns the patterns
     * @param path the module path
     * @return the matching pattern, if any
     */
    public static Optional<String> firstMatch(List<String> patterns, String path) {
        return patterns.stream().filter(p -> matches(p, path)).findFirst();
    }

    /**
     * Checks a pattern's syntax.
     *
     * @param key the config key, for the message ({@code lora.target_modules[1]})
     * @param pattern the pattern
     * @throws IllegalArgumentException naming the key when the pattern is empty or its regex is
     *     invalid
     */
    static void validate(String key, String pattern) {
        if (pattern == null || pattern.isBlank() || pattern.equals(REGEX_PREFIX)) {
            throw new IllegalArgumentException(key + " must be a module name, dotted suffix or regex:..., got '" + pattern + "'");
        }
        if (pattern.startsWith(REGEX_PREFIX)) {
            try {
                Pattern.compile(pattern.substring(REGEX_PREFIX.length()));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(key + " is not a valid regex: '" + pattern + "' (" + e.getDescription() + ")", e);
            }
        }
    }
}
