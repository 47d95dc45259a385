package dev.lorakit.host.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A range of versions in npm's syntax, the one plugin descriptors use for {@code requires}:
 * comparators joined by spaces must all hold, alternatives are joined by {@code ||}.
 *
 * <ul>
 *   <li>{@code ^0.1.0}: {@code >=0.1.0 <0.2.0} (caret: the left-most non-zero part is fixed);
 *       {@code ^1.2.0}: {@code >=1.2.0 <2.0.0}
 *   <li>{@code ~1.2.3}: {@code >=1.2.3 <1.3.0}
 *   <li>{@code 0.1.x}, {@code 0.1}, {@code *}: wildcards
 *   <li>{@code >=0.1.0 <0.3.0}, {@code =0.1.0}, {@code 0.1.0}
 * </ul>
 *
 * <p>Versions are compared without their pre-release tag, so a {@code 0.1.0-SNAPSHOT} build of
 * the API satisfies {@code ^0.1.0}: development builds can load the plugins they are building.
 */
public final class VersionRange {

    private final String text;
    private final List<Predicate<SemanticVersion>> alternatives;

    private VersionRange(String text, List<Predicate<SemanticVersion>> alternatives) {
        this.text = text;
        this.alternatives = alternatives;
    }

    /**
     * Parses a range.
     *
     * @param text the range, e.g. {@code ^0.1.0}
     * @return the range
     * @throws IllegalArgumentException naming the part that is not understood
     */
    public static VersionRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("version range is empty");
        }
        List<Predicate<SemanticVersion>> alternatives = new ArrayList<>();
        for (String alternative : text.split("\\|\\|")) {
            Predicate<SemanticVersion> all = v -> true;
            String trimmed = alternative.trim();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException("version range \"" + text + "\" has an empty alternative");
            }
            for (String comparator : trimmed.split("\\s+")) {
                all = all.and(comparator(comparator, text));
            }
            alternatives.add(all);
        }
        return new VersionRange(text.trim(), List.copyOf(alternatives));
    }

    /**
     * Whether a version lies in the range (pre-release tags ignored).
     *
     * @param version the version
     * @return true when it satisfies the range
     */
    public boolean contains(SemanticVersion version) {
        SemanticVersion release = version.release();
        return alternatives.stream().anyMatch(p -> p.test(release));
    }

    @Override
    public String toString() {
        return text;
    }

    private static Predicate<SemanticVersion> comparator(String c, String range) {
        try {
            if (c.equals("*") || c.equalsIgnoreCase("x")) {
                return v -> true;
            }
            if (c.startsWith(">=")) {
                SemanticVersion min = SemanticVersion.parse(c.substring(2));
                return v -> v.compareTo(min) >= 0;
            }
            if (c.startsWith("<=")) {
                SemanticVersion max = SemanticVersion.parse(c.substring(2));
                return v -> v.compareTo(max) <= 0;
            }
            if (c.startsWith(">")) {
                SemanticVersion min = SemanticVersion.parse(c.substring(1));
                return v -> v.compareTo(min) > 0;
            }
            if (c.startsWith("<")) {
                SemanticVersion max = SemanticVersion.parse(c.substring(1));
                return v -> v.compareTo(max) < 0;
            }
            if (c.startsWith("^")) {
                SemanticVersion min = SemanticVersion.parse(c.substring(1));
                SemanticVersion limit =
                        min.major() > 0
                                ? new SemanticVersion(min.major() + 1, 0, 0, "")
                                : min.minor() > 0
                                        ? new SemanticVersion(0, min.minor() + 1, 0, "")
                                        : new SemanticVersion(0, 0, min.patch() + 1, "");
                return between(min, limit);
            }
            if (c.startsWith("~")) {
                SemanticVersion min = SemanticVersion.parse(c.substring(1));
                return between(min, new SemanticVersion(min.major(), min.minor() + 1, 0, ""));
            }
            return wildcardOrExact(c.startsWith("=") ? c.substring(1) : c);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "version range \"" + range + "\": cannot read \"" + c + "\" (" + e.getMessage() + ")", e);
        }
    }

    private static Predicate<SemanticVersion> wildcardOrExact(String c) {
        String[] parts = c.split("\\.");
        int fixed = 0;
        while (fixed < parts.length && fixed < 3 && parts[fixed].matches("\\d+")) {
            fixed++;
        }
        if (fixed == 3) {
            SemanticVersion exact = SemanticVersion.parse(c).release();
            return v -> v.compareTo(exact) == 0;
        }
        for (int i = fixed; i < parts.length; i++) {
            if (!parts[i].matches("[xX*]")) {
                throw new IllegalArgumentException("expected a number or x, got \"" + parts[i] + "\"");
            }
        }
        int major = fixed > 0 ? Integer.parseInt(parts[0]) : 0;
        int minor = fixed > 1 ? Integer.parseInt(parts[1]) : 0;
        if (fixed == 0) {
            return v -> true;
        }
        SemanticVersion min = new SemanticVersion(major, minor, 0, "");
        SemanticVersion limit =
                fixed == 1 ? new SemanticVersion(major + 1, 0, 0, "") : new SemanticVersion(major, minor + 1, 0, "");
        return between(min, limit);
    }

    private static Predicate<SemanticVersion> between(SemanticVersion min, SemanticVersion limit) {
        return v -> v.compareTo(min) >= 0 && v.compareTo(limit) < 0;
    }
}
