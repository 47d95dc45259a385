package dev.lorakit.host.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.host.market.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Libraries bundled as {@code lib/*.jar} in a plugin jar: the fixture-blobs plugin carries the
 * real commons-math3 jar, which is not on the host's classpath.
 */
public class PluginLibrariesTest {

    private static final String LIBRARY_CLASS = "org.apache.commons.math3.util.FastMath";

    @TempDir Path tmp;

    /** The fixture-blobs plugin jar as its module's build made it. */
    public static Path blobsJar() {
        Path jar = Path.of(System.getProperty("lorakit.test.blobsJar", "missing"));
        assertThat(jar).as("build framework/testing/fixture-blobs-plugin first (mvn -pl framework/host -am verify)")
                .isRegularFile();
        return jar;
    }

    @Test
    void theBuildBundlesTheLibraryAndTheHostClasspathLacksIt() throws Exception {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(blobsJar().toFile())) {
            assertThat(jar.getEntry("lib/commons-math3-3.6.1.jar")).isNotNull();
        }
        assertThatThrownBy(() -> Class.forName(LIBRARY_CLASS)).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void aBundledLibraryLoadsInItsPluginsLoaderOnlyAndTheOtherPluginCannotSeeIt() throws Exception {
        Path plugins = tmp.resolve("plugins");
        Files.createDirectories(plugins);
        Files.copy(blobsJar(), plugins.resolve("blobs.jar"));
        FixtureJars.write(plugins.resolve("fixture.jar"), UnaryOperator.identity());
        Path cache = tmp.resolve("cache");
        try (PluginRegistry registry = PluginLoader.builder().addPluginsDirectory(plugins).optLibraryCache(cache)
                .build().load()) {
            assertThat(registry.errors()).isEmpty();
            assertThat(registry.ids()).containsExactlyInAnyOrder("fixture", "fixture-blobs");
            LoadedPlugin blobs = registry.require("fixture-blobs");
            // The plugin used the library: FastMath.exp(1) is in its description.
            assertThat(blobs.plugin().description()).contains("e = 2.718281828");

            ClassLoader blobsLoader = blobs.plugin().getClass().getClassLoader();
            Class<?> library = blobsLoader.loadClass(LIBRARY_CLASS);
            assertThat(library.getClassLoader()).isSameAs(blobsLoader);
            Path extracted = cache.resolve(Sha256.of(blobsJar())).resolve("commons-math3-3.6.1.jar");
            assertThat(Path.of(library.getProtectionDomain().getCodeSource().getLocation().toURI())).isEqualTo(extracted);
            assertThat(Files.readAllBytes(extracted))
                    .isEqualTo(FixtureJars.entriesOf(blobsJar()).get("lib/commons-math3-3.6.1.jar"));

            ClassLoader fixtureLoader = registry.require("fixture").plugin().getClass().getClassLoader();
            assertThat(fixtureLoader).isInstanceOf(PluginClassLoader.class).isNotSameAs(blobsLoader);
            assertThatThrownBy(() -> fixtureLoader.loadClass(LIBRARY_CLASS)).isInstanceOf(ClassNotFoundException.class);
            assertThat(fixtureLoader.getResource(LIBRARY_CLASS.replace('.', '/') + ".class")).isNull();
        }
        // One complete directory per plugin jar that bundles libraries, no temp leftovers.
        assertThat(list(cache)).containsExactly(Sha256.of(blobsJar()));
    }

    @Test
    void extractionIsReusedAndNeverSharedBetweenDifferentJars() throws Exception {
        Path cache = tmp.resolve("cache");
        List<Path> first = PluginLibraries.extract(blobsJar(), cache);
        long modified = Files.getLastModifiedTime(first.get(0)).toMillis();
        assertThat(PluginLibraries.extract(blobsJar(), cache)).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(first.get(0)).toMillis()).isEqualTo(modified);

        // Another plugin jar bundling the same library gets its own copy.
        Map<String, byte[]> entries = FixtureJars.entriesOf(blobsJar());
        entries.put("other.txt", new byte[] {1});
        Path other = FixtureJars.writeEntries(tmp.resolve("other.jar"), entries, List.of());
        List<Path> second = PluginLibraries.extract(other, cache);
        assertThat(second.get(0).getParent()).isNotEqualTo(first.get(0).getParent());
        assertThat(list(cache)).containsExactlyInAnyOrder(Sha256.of(blobsJar()), Sha256.of(other));

        // A jar without lib/ needs no cache at all.
        assertThat(PluginLibraries.extract(FixtureJars.write(tmp.resolve("plain.jar"), UnaryOperator.identity()), cache))
                .isEmpty();
    }

    @Test
    void losingTheExtractionRaceToAnotherProcessKeepsItsCopy() throws Exception {
        // Two `lorakit` processes starting together: the other one renamed its copy into place
        // between this one's check and its rename (rename(2) then fails with ENOTEMPTY).
        Path cache = tmp.resolve("race-cache");
        Path theirs = PluginLibraries.extract(blobsJar(), cache).get(0);
        Path target = theirs.getParent();
        try (JarFile jar = new JarFile(blobsJar().toFile())) {
            PluginLibraries.extractAtomically(jar, List.of(theirs.getFileName().toString()), target);
        }
        assertThat(Files.isRegularFile(theirs)).isTrue();
        assertThat(list(cache)).containsExactly(target.getFileName().toString());
    }

    @Test
    void aDamagedCacheIsReportedWithTheDirectoryToDelete() throws Exception {
        Path cache = tmp.resolve("cache");
        Path lib = PluginLibraries.extract(blobsJar(), cache).get(0);
        Files.delete(lib);
        assertThatThrownBy(() -> PluginLibraries.extract(blobsJar(), cache)).isInstanceOf(PluginException.class)
                .hasMessageContaining("lib/commons-math3-3.6.1.jar is missing from the cache " + lib.getParent())
                .hasMessageContaining("delete that directory");
    }

    private static List<String> list(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
