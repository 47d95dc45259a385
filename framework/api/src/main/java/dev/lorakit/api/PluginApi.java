package dev.lorakit.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this plugin API, which a plugin descriptor's {@code requires} range is checked
 * against. It follows semantic versioning: a minor release only adds, a major release may break.
 * While the major version is 0, a minor release may break, as in npm's caret ranges.
 */
public final class PluginApi {

    /** The API version of this build, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static final String VERSION = readVersion();

    private PluginApi() {}

    private static String readVersion() {
        try (InputStream in = PluginApi.class.getResourceAsStream("plugin-api.properties")) {
            if (in == null) {
                throw new IllegalStateException("plugin-api.properties is missing from the lorakit-api jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
