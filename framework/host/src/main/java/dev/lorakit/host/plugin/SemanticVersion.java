package dev.lorakit.host.plugin;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version {@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}. Missing minor or patch
 * parts read as 0 ({@code 1.2} is {@code 1.2.0}).
 *
 * @param major the major version
 * @param minor the minor version
 * @param patch the patch version
 * @param preRelease the pre-release tag ({@code SNAPSHOT}, {@code rc.1}), or empty
 */
public record SemanticVersion(int major, int minor, int patch, String preRelease)
        implements Comparable<SemanticVersion> {

    private static final Pattern FORMAT =
            Pattern.compile("v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");

    /**
     * Validates the parts.
     *
     * @param major the major version, not negative
     * @param minor the minor version, not negative
     * @param patch the patch version, not negative
     * @param preRelease the pre-release tag, or empty
     */
    public SemanticVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version parts must not be negative");
        }
        preRelease = preRelease == null ? "" : preRelease;
    }

    /**
     * Parses a version.
     *
     * @param text e.g. {@code 0.1.0-SNAPSHOT}
     * @return the version
     * @throws IllegalArgumentException when the text is not a version
     */
    public static SemanticVersion parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "\"" + text + "\" is not a semantic version (expected MAJOR.MINOR.PATCH, e.g. 0.1.0)");
        }
        return new SemanticVersion(
                Integer.parseInt(m.group(1)),
                m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
                m.group(4));
    }

    /**
     * This version without its pre-release tag: {@code 0.1.0-SNAPSHOT} → {@code 0.1.0}.
     *
     * @return the release this version leads to
     */
    public SemanticVersion release() {
        return new SemanticVersion(major, minor, patch, "");
    }

    @Override
    public int compareTo(SemanticVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        if (c == 0) {
            c = Integer.compare(patch, o.patch);
        }
        if (c != 0) {
            return c;
        }
        // A pre-release comes before its release; tags compare as text (enough for SNAPSHOT, rc.N).
        if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
        }
        return preRelease.compareTo(o.preRelease);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease);
    }
}
