package dev.lorakit.env.classic;

import java.util.Arrays;

/** Parameter checks shared by the config records; messages name the key and the bad value. */
final class Check {
    private Check() {}

    static void positive(String env, String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(env + ": \"" + key + "\" must be a finite number > 0, got " + v);
        }
    }

    static void finite(String env, String key, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(env + ": \"" + key + "\" must be finite, got " + v);
        }
    }

    static void oneOf(String env, String key, String v, String... allowed) {
        if (!Arrays.asList(allowed).contains(v)) {
            throw new IllegalArgumentException(env + ": \"" + key + "\" is \"" + v + "\", allowed: " + Arrays.toString(allowed));
        }
    }
}
