package dev.lorakit.host.market;

import dev.lorakit.api.PluginApi;
import dev.lorakit.api.PluginDescriptor;
import dev.lorakit.lora.io.AtomicFiles;
import dev.lorakit.host.plugin.PluginDescriptors;
import dev.lorakit.host.plugin.PluginException;
import dev.lorakit.host.plugin.SemanticVersion;
import dev.lorakit.host.plugin.VersionRange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Installs plugin jars into a plugins directory from a marketplace index or a local jar, and
 * removes them. Everything is checked before anything is written — the release's {@code
 * requires} range, the downloaded file's SHA-256, the jar's descriptor (id, version, range) —
 * and the jar lands as {@code <id>.jar} by an atomic rename, so a failure or crash never leaves
 * a half-installed plugin:
 *
 * <pre>{@code
 * PluginInstaller installer = PluginInstaller.builder().setPluginsDirectory(dir).build();
 * MarketplaceIndex index = MarketplaceIndex.load("https://example.org/lorakit/index.json", new Fetcher());
 * InstalledPlugin dqn = installer.install(index, "dqn", null);   // newest compatible release
 * installer.remove("dqn");
 * }</pre>
 */
public final class PluginInstaller {

    private final Path directory;
    private final String apiVersion;
    private final Fetcher fetcher;

    private PluginInstaller(Builder b) {
        this.directory = b.directory;
        this.apiVersion = b.apiVersion;
        this.fetcher = b.fetcher;
    }

    /**
     * A builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The plugins directory.
     *
     * @return the directory jars are installed into
     */
    public Path directory() {
        return directory;
    }

    /**
     * Installs a release from an index.
     *
     * @param index the marketplace index
     * @param id the plugin id
     * @param version the version, or null for the newest release compatible with this API
     * @return the installed plugin
     * @throws MarketplaceException naming what failed; the plugins directory is then unchanged
     */
    public InstalledPlugin install(MarketplaceIndex index, String id, String version) {
        MarketplaceIndex.Plugin entry = index.find(id).orElseThrow(() -> new MarketplaceException(
                "plugin \"" + id + "\" is not in index " + index.location() + "; it lists: "
                        + (index.ids().isEmpty() ? "nothing" : String.join(", ", index.ids()))));
        MarketplaceIndex.Release release = pickRelease(entry, version);
        URI url = index.resolve(release);
        Path temp = tempFile();
        try {
            try (InputStream in = fetcher.open(url)) {
                Files.copy(in, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new MarketplaceException("cannot download " + url + ": " + e.getMessage(), e);
            }
            String actual = Sha256.of(temp);
            if (!actual.equals(release.sha256())) {
                throw new MarketplaceException("refusing " + id + " " + release.version() + " from " + url
                        + ": its sha256 is " + actual + " but the index says " + release.sha256()
                        + "; nothing was installed");
            }
            PluginDescriptor descriptor = verifiedDescriptor(temp, url.toString());
            if (!descriptor.id().equals(id) || !descriptor.version().equals(release.version())) {
                throw new MarketplaceException("refusing " + url + ": the index lists " + id + " " + release.version()
                        + " but the jar's descriptor says " + descriptor.id() + " " + descriptor.version());
            }
            return commit(temp, descriptor, actual);
        } catch (IOException e) {
            throw new MarketplaceException("installing " + id + " failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Installs a local plugin jar.
     *
     * @param jar the jar
     * @return the installed plugin
     * @throws MarketplaceException naming what failed; the plugins directory is then unchanged
     */
    public InstalledPlugin install(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new MarketplaceException("no such plugin jar: " + jar);
        }
        Path temp = tempFile();
        try {
            Files.copy(jar, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            PluginDescriptor descriptor = verifiedDescriptor(temp, jar.toString());
            return commit(temp, descriptor, Sha256.of(temp));
        } catch (IOException e) {
            throw new MarketplaceException("installing " + jar + " failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Removes every jar of a plugin from the directory.
     *
     * @param id the plugin id
     * @return the removed jars
     * @throws MarketplaceException when the plugin is not installed there
     */
    public List<Path> remove(String id) {
        List<InstalledPlugin> matching =
                installed().stream().filter(p -> p.descriptor().id().equals(id)).collect(Collectors.toList());
        if (matching.isEmpty()) {
            throw new MarketplaceException("plugin \"" + id + "\" is not installed in " + directory + "; installed: "
                    + installed().stream().map(p -> p.descriptor().id()).collect(Collectors.joining(", ")));
        }
        List<Path> removed = new ArrayList<>();
        for (InstalledPlugin p : matching) {
            try {
                Files.delete(p.jar());
                removed.add(p.jar());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + p.jar(), e);
            }
        }
        return removed;
    }

    /**
     * The readable plugin jars of the directory (unreadable ones are the loader's to report).
     *
     * @return the installed plugins by file name
     */
    public List<InstalledPlugin> installed() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<InstalledPlugin> result = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                try {
                    result.add(new InstalledPlugin(PluginDescriptors.readFromJar(jar), jar, Sha256.of(jar)));
                } catch (PluginException | IOException e) {
                    // listed by the loader's errors instead
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        return result;
    }

    private MarketplaceIndex.Release pickRelease(MarketplaceIndex.Plugin entry, String version) {
        SemanticVersion api = SemanticVersion.parse(apiVersion);
        if (version != null) {
            MarketplaceIndex.Release release = entry.releases().stream()
                    .filter(r -> r.version().equals(version))
                    .findFirst()
                    .orElseThrow(() -> new MarketplaceException("plugin \"" + entry.id() + "\" has no release "
                            + version + "; releases: " + versions(entry)));
            if (!VersionRange.parse(release.requires()).contains(api)) {
                throw new MarketplaceException(entry.id() + " " + version + " requires plugin API "
                        + release.requires() + ", this lorakit provides " + apiVersion + "; nothing was installed");
            }
            return release;
        }
        Optional<MarketplaceIndex.Release> newest = entry.releases().stream()
                .filter(r -> VersionRange.parse(r.requires()).contains(api))
                .max(Comparator.comparing(r -> SemanticVersion.parse(r.version())));
        return newest.orElseThrow(() -> new MarketplaceException("no release of \"" + entry.id()
                + "\" supports plugin API " + apiVersion + "; releases: " + versions(entry)));
    }

    private static String versions(MarketplaceIndex.Plugin entry) {
        return entry.releases().isEmpty() ? "none" : entry.releases().stream()
                .map(r -> r.version() + " (requires " + r.requires() + ")")
                .collect(Collectors.joining(", "));
    }

    private PluginDescriptor verifiedDescriptor(Path jar, String source) {
        try {
            PluginDescriptor descriptor = PluginDescriptors.readFromJar(jar);
            PluginDescriptors.checkCompatible(descriptor, apiVersion);
            return descriptor;
        } catch (PluginException e) {
            throw new MarketplaceException("refusing " + source + ": " + e.getMessage() + "; nothing was installed", e);
        }
    }

    /** Moves a verified temp jar into place, then drops other jars of the same id. */
    private InstalledPlugin commit(Path temp, PluginDescriptor descriptor, String sha256) throws IOException {
        Path target = directory.resolve(descriptor.id() + ".jar");
        List<InstalledPlugin> others = installed().stream()
                .filter(p -> p.descriptor().id().equals(descriptor.id()) && !p.jar().equals(target))
                .toList();
        // Copied (not renamed) into a fsynced temp file that is renamed atomically over the target.
        try (FileChannel source = FileChannel.open(temp, StandardOpenOption.READ)) {
            long size = source.size();
            AtomicFiles.write(target, ch -> {
                for (long done = 0; done < size; ) {
                    done += ch.transferFrom(source, done, size - done);
                }
            });
        }
        for (InstalledPlugin other : others) {
            Files.deleteIfExists(other.jar());
        }
        return new InstalledPlugin(descriptor, target, sha256);
    }

    private Path tempFile() {
        try {
            Files.createDirectories(directory);
            // Not *.jar: the loader never picks up a download in progress.
            return Files.createTempFile(directory, ".install-", ".part");
        } catch (IOException e) {
            throw new MarketplaceException("cannot write to the plugins directory " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover .part file is ignored by the loader and replaced next time
        }
    }

    /** Configures an installer. */
    public static final class Builder {
        private Path directory;
        private String apiVersion = PluginApi.VERSION;
        private Fetcher fetcher = new Fetcher();

        private Builder() {}

        /**
         * The plugins directory (required).
         *
         * @param directory e.g. {@code ~/.lorakit/plugins}
         * @return this builder
         */
        public Builder setPluginsDirectory(Path directory) {
            this.directory = directory;
            return this;
        }

        /**
         * The API version releases are checked against.
         *
         * @param version defaults to {@link PluginApi#VERSION}
         * @return this builder
         */
        public Builder optApiVersion(String version) {
            SemanticVersion.parse(version);
            this.apiVersion = version;
            return this;
        }

        /**
         * How remote locations are read.
         *
         * @param fetcher defaults to files and the JDK HTTP client
         * @return this builder
         */
        public Builder optFetcher(Fetcher fetcher) {
            this.fetcher = fetcher;
            return this;
        }

        /**
         * Builds the installer.
         *
         * @return the installer
         * @throws IllegalStateException when the directory is not set
         */
        public PluginInstaller build() {
            if (directory == null) {
                throw new IllegalStateException("setPluginsDirectory is required");
            }
            return new PluginInstaller(this);
        }
    }
}
