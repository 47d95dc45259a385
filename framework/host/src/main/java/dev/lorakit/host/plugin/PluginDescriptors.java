package dev.lorakit.host.plugin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.lorakit.api.PluginApi;
import dev.lorakit.api.PluginDescriptor;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/** Reads and checks {@code lorakit-plugin.json} descriptors; one place for loader and installer. */
public final class PluginDescriptors {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final List<String> KEYS =
            List.of("id", "version", "requires", "description", "license", "entry_module", "threads");

    private PluginDescriptors() {}

    /**
     * Parses a descriptor.
     *
     * @param in the JSON
     * @return the validated descriptor
     * @throws PluginException with a one-line reason when the JSON is malformed or invalid
     */
    public static PluginDescriptor parse(InputStream in) {
        try {
            JsonNode tree = JSON.readTree(in);
            if (tree == null || !tree.isObject()) {
                throw new PluginException(PluginDescriptor.FILE_NAME + " is not a JSON object");
            }
            // Report a misspelt key before the record complains that the real one is missing.
            for (String key : (Iterable<String>) tree::fieldNames) {
                if (!KEYS.contains(key)) {
                    throw new PluginException(PluginDescriptor.FILE_NAME + ": unknown key \"" + key
                            + "\"; valid keys: " + String.join(", ", KEYS));
                }
            }
            return JSON.treeToValue(tree, PluginDescriptor.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new PluginException(PluginDescriptor.FILE_NAME + ": " + cause.getMessage(), e);
        } catch (UnrecognizedPropertyException e) {
            throw new PluginException(PluginDescriptor.FILE_NAME + ": unknown key \"" + e.getPropertyName()
                    + "\"; valid keys: " + e.getKnownPropertyIds(), e);
        } catch (JsonProcessingException e) {
            throw new PluginException(PluginDescriptor.FILE_NAME + " is not valid: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PluginException("cannot read " + PluginDescriptor.FILE_NAME + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the descriptor at a jar's root.
     *
     * @param jar the plugin jar
     * @return the validated descriptor
     * @throws PluginException when the file is not a jar or has no valid descriptor
     */
    public static PluginDescriptor readFromJar(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            ZipEntry entry = file.getEntry(PluginDescriptor.FILE_NAME);
            if (entry == null) {
                throw new PluginException("it has no " + PluginDescriptor.FILE_NAME + " at its root");
            }
            try (InputStream in = file.getInputStream(entry)) {
                return parse(in);
            }
        } catch (IOException e) {
            throw new PluginException("it is not a readable jar (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Checks that the descriptor's {@code requires} range admits an API version.
     *
     * @param descriptor the descriptor
     * @param apiVersion the API version of this host, normally {@link PluginApi#VERSION}
     * @throws PluginException naming the range and the version when it does not
     */
    public static void checkCompatible(PluginDescriptor descriptor, String apiVersion) {
        VersionRange range;
        try {
            range = VersionRange.parse(descriptor.requires());
        } catch (IllegalArgumentException e) {
            throw new PluginException("its requires is not a version range: " + e.getMessage(), e);
        }
        if (!range.contains(SemanticVersion.parse(apiVersion))) {
            throw new PluginException("plugin \"" + descriptor.id() + "\" " + descriptor.version()
                    + " requires plugin API " + range + ", this lorakit provides " + apiVersion);
        }
    }
}
