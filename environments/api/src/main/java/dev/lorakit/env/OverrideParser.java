package dev.lorakit.env;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses {@code "CartPole-v1 {length: 1.0, kinematics_integrator: semi-implicit}"} into an id
 * and keyword overrides. Values are YAML-like scalars: integers ({@link Long}), decimals ({@link
 * Double}), {@code true}/{@code false}, {@code null}, quoted or bare strings.
 */
public final class OverrideParser {

    /**
     * An id with its overrides.
     *
     * @param id the id
     * @param overrides key to value, in written order
     */
    public record Parsed(String id, Map<String, Object> overrides) {}

    private final String text;
    private int pos;

    private OverrideParser(String text) {
        this.text = text;
    }

    /**
     * Parses an id optionally followed by {@code {key: value, ...}}.
     *
     * @param idWithOverrides the text
     * @return the id and overrides
     * @throws IllegalArgumentException naming the position of a syntax error
     */
    public static Parsed parse(String idWithOverrides) {
        String s = idWithOverrides.strip();
        int brace = s.indexOf('{');
        if (brace < 0) {
            if (s.isEmpty() || s.contains(" ")) {
                throw new IllegalArgumentException("Bad environment id \"" + idWithOverrides + "\": expected ID or ID {key: value, ...}");
            }
            return new Parsed(s, Map.of());
        }
        String id = s.substring(0, brace).strip();
        if (id.isEmpty() || id.contains(" ")) {
            throw new IllegalArgumentException("Bad environment id \"" + idWithOverrides + "\": expected ID or ID {key: value, ...}");
        }
        OverrideParser p = new OverrideParser(s);
        p.pos = brace + 1;
        return new Parsed(id, p.map());
    }

    private Map<String, Object> map() {
        Map<String, Object> out = new LinkedHashMap<>();
        skipSpaces();
        if (peek() == '}') {
            pos++;
            expectEnd();
            return out;
        }
        while (true) {
            skipSpaces();
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            if (start == pos) {
                throw error("a key");
            }
            String key = text.substring(start, pos);
            skipSpaces();
            if (peek() != ':') {
                throw error("':' after key \"" + key + "\"");
            }
            pos++;
            skipSpaces();
            if (out.put(key, value()) != null) {
                throw new IllegalArgumentException("Key \"" + key + "\" is given twice in \"" + text + "\"");
            }
            skipSpaces();
            char c = peek();
            pos++;
            if (c == '}') {
                expectEnd();
                return out;
            }
            if (c != ',') {
                pos--;
                throw error("',' or '}'");
            }
        }
    }

    private Object value() {
        char c = peek();
        if (c == '"' || c == '\'') {
            int end = text.indexOf(c, pos + 1);
            if (end < 0) {
                throw error("a closing " + c);
            }
            String v = text.substring(pos + 1, end);
            pos = end + 1;
            return v;
        }
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != '}') {
            pos++;
        }
        String raw = text.substring(start, pos).strip();
        if (raw.isEmpty()) {
            throw error("a value");
        }
        return scalar(raw);
    }

    private static Object scalar(String raw) {
        switch (raw) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "null":
            case "~":
                return null;
            default:
                break;
        }
        if (raw.matches("[-+]?\\d+")) {
            return Long.parseLong(raw);
        }
        if (raw.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|[-+]?\\.?inf|\\.nan")) {
            if (raw.endsWith("inf")) {
                return raw.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            return raw.equals(".nan") ? Double.NaN : Double.parseDouble(raw);
        }
        return raw;
    }

    private void expectEnd() {
        skipSpaces();
        if (pos != text.length()) {
            throw error("the end after '}'");
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String expected) {
        return new IllegalArgumentException("Bad overrides in \"" + text + "\" at column " + (pos + 1) + ": expected " + expected);
    }
}
