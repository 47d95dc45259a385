package dev.lorakit.host.market;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A marketplace index: a JSON array of plugins, each with its releases, in the shape of PF4J's
 * update repositories ({@code plugins.json}) with a SHA-256 per release:
 *
 * <pre>{@code
 * [ { "id": "dqn", "description": "Deep Q-learning", "provider": "lorakit",
 *     "releases": [ { "version": "0.1.0", "date": "2026-11-29", "requires": "^0.1.0",
 *                     "url": "dqn-0.1.0.jar", "sha256": "9f86d0..." } ] } ]
 * }</pre>
 *
 * <p>A release URL may be absolute ({@code https://}, {@code file:}) or relative to the index's
 * own location. Keys this version does not know (PF4J's {@code name}, {@code projectUrl}) are
 * ignored, so indexes written for newer hosts stay readable.
 *
 * @param location where the index was read from, to resolve relative URLs
 * @param plugins the listed plugins
 */
public record MarketplaceIndex(URI location, List<Plugin> plugins) {

    static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /**
     * Copies the list.
     *
     * @param location the index location
     * @param plugins the plugins
     */
    public MarketplaceIndex {
        plugins = List.copyOf(plugins);
    }

    /**
     * One plugin of the index.
     *
     * @param id the plugin id
     * @param description one sentence
     * @param provider who publishes it
     * @param releases its versions
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Plugin(String id, String description, String provider, List<Release> releases) {
        /**
         * Validates.
         *
         * @param id the plugin id
         * @param description one sentence
         * @param provider the publisher
         * @param releases its versions
         */
        public Plugin {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("a plugin entry has no id");
            }
            releases = releases == null ? List.of() : List.copyOf(releases);
        }
    }

    /**
     * One downloadable version.
     *
     * @param version the plugin version
     * @param date the release date (ISO), informational
     * @param requires the plugin API range
     * @param url where the jar is, absolute or relative to the index
     * @param sha256 the jar's SHA-256, hex
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Release(String version, String date, String requires, String url, String sha256) {
        /**
         * Validates.
         *
         * @param version the plugin version
         * @param date the release date
         * @param requires the plugin API range
         * @param url the jar location
         * @param sha256 the jar digest
         */
        public Release {
            for (String[] kv : new String[][] {{"version", version}, {"requires", requires}, {"url", url},
                    {"sha256", sha256}}) {
                if (kv[1] == null || kv[1].isBlank()) {
                    throw new IllegalArgumentException("a release has no " + kv[0]);
                }
            }
            if (!sha256.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("release " + version + ": sha256 \"" + sha256
                        + "\" is not 64 hex digits");
            }
            sha256 = sha256.toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Reads an index from a local path or an http(s) URL.
     *
     * @param location a path, {@code file:} URI or {@code http(s)://} URL
     * @param fetcher how to read remote locations
     * @return the index
     * @throws MarketplaceException when it cannot be read or parsed
     */
    public static MarketplaceIndex load(String location, Fetcher fetcher) {
        URI uri = Fetcher.toUri(location);
        try (InputStream in = fetcher.open(uri)) {
            List<Plugin> plugins = JSON.readValue(in, new TypeReference<List<Plugin>>() {});
            return new MarketplaceIndex(uri, plugins);
        } catch (IOException | IllegalArgumentException e) {
            throw new MarketplaceException("index " + location + " cannot be read: "
                    + (e.getMessage() == null ? e : e.getMessage().lines().findFirst().orElse("")), e);
        }
    }

    /**
     * Writes the index as JSON.
     *
     * @param file where to write
     * @throws IOException when writing fails
     */
    public void write(Path file) throws IOException {
        dev.lorakit.lora.io.AtomicFiles.writeString(file, JSON.writeValueAsString(plugins));
    }

    /**
     * A plugin by id.
     *
     * @param id the plugin id
     * @return the entry, or empty
     */
    public Optional<Plugin> find(String id) {
        return plugins.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /**
     * The ids listed.
     *
     * @return the ids in index order
     */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        plugins.forEach(p -> ids.add(p.id()));
        return ids;
    }

    /**
     * A release URL made absolute against the index location.
     *
     * @param release the release
     * @return the absolute URI
     */
    public URI resolve(Release release) {
        URI url = URI.create(release.url());
        return url.isAbsolute() ? url : location.resolve(url);
    }
}
