package dev.lorakit.host.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.api.PluginDescriptor;
import dev.lorakit.api.TaskPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLoaderTest {

    @TempDir Path plugins;

    private PluginRegistry loadDirectory() {
        return PluginLoader.builder().addPluginsDirectory(plugins).build().load();
    }

    @Test
    void loadsAPluginJarFromTheDirectoryInItsOwnClassLoader() throws Exception {
        FixtureJars.write(plugins.resolve("fixture.jar"), UnaryOperator.identity());
        try (PluginRegistry registry = loadDirectory()) {
            assertThat(registry.errors()).isEmpty();
            assertThat(registry.ids()).containsExactly("fixture");
            LoadedPlugin loaded = registry.require("fixture");
            TaskPlugin<?> plugin = loaded.plugin();
            assertThat(plugin.getClass().getClassLoader()).isInstanceOf(PluginClassLoader.class);
            // The same class is on the test classpath; the plugin's copy is a different class.
            Class<?> onClasspath = Class.forName(plugin.getClass().getName());
            assertThat(plugin.getClass()).isNotSameAs(onClasspath);
            // Shared API types come from the host, so the plugin is a TaskPlugin of the host.
            assertThat(plugin.configClass().getInterfaces()[0].getClassLoader())
                    .isSameAs(TaskPlugin.class.getClassLoader());
            assertThat(loaded.descriptor().version()).isEqualTo(dev.lorakit.api.PluginApi.VERSION);
            assertThat(loaded.source()).endsWith("fixture.jar");
        }
    }

    @Test
    void loadsPluginsFromTheClasspath() {
        try (PluginRegistry registry = PluginLoader.builder()
                .optClasspath(getClass().getClassLoader())
                .build()
                .load()) {
            assertThat(registry.errors()).isEmpty();
            assertThat(registry.require("fixture").source()).startsWith("classpath:");
        }
    }

    @Test
    void refusesAnIncompatibleRequiresRangeAndLoadsTheOthers() {
        FixtureJars.write(plugins.resolve("a-future.jar"), d -> d.replace("\"^0.1.0\"", "\">=9.0.0\""));
        FixtureJars.write(plugins.resolve("b-good.jar"), UnaryOperator.identity());
        try (PluginRegistry registry = loadDirectory()) {
            assertThat(registry.ids()).containsExactly("fixture");
            assertThat(registry.require("fixture").source()).endsWith("b-good.jar");
            assertThat(registry.errors()).singleElement().satisfies(e -> {
                assertThat(e.source()).endsWith("a-future.jar");
                assertThat(e.message()).contains("requires plugin API >=9.0.0", "this lorakit provides");
            });
        }
    }

    @Test
    void refusesADuplicateIdNamingBothJars() {
        FixtureJars.write(plugins.resolve("a.jar"), UnaryOperator.identity());
        FixtureJars.write(plugins.resolve("b.jar"), UnaryOperator.identity());
        try (PluginRegistry registry = loadDirectory()) {
            assertThat(registry.require("fixture").source()).endsWith("a.jar");
            assertThat(registry.errors()).singleElement().satisfies(e -> {
                assertThat(e.source()).endsWith("b.jar");
                assertThat(e.reason()).startsWith("duplicate plugin id \"fixture\": already loaded from ")
                        .endsWith("a.jar");
            });
        }
    }

    @Test
    void refusesACorruptJar() throws Exception {
        Path jar = FixtureJars.write(plugins.resolve("a-corrupt.jar"), UnaryOperator.identity());
        byte[] bytes = Files.readAllBytes(jar);
        Files.write(jar, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        FixtureJars.write(plugins.resolve("b-good.jar"), UnaryOperator.identity());
        try (PluginRegistry registry = loadDirectory()) {
            assertThat(registry.ids()).containsExactly("fixture");
            assertThat(registry.errors()).singleElement().satisfies(e -> {
                assertThat(e.source()).endsWith("a-corrupt.jar");
                assertThat(e.reason()).startsWith("it is not a readable jar");
            });
        }
    }

    @Test
    void refusesAJarWithoutDescriptorByNameWhileTheOthersLoad() {
        // A real plugin's classes and services file, but no descriptor: the runtime loader itself
        // refuses it (not only the build of framework/cli), naming the jar.
        FixtureJars.writeEntries(
                plugins.resolve("a-plain.jar"), FixtureJars.fixtureEntries(), List.of(PluginDescriptor.FILE_NAME));
        FixtureJars.write(plugins.resolve("b-good.jar"), UnaryOperator.identity());
        try (PluginRegistry registry = loadDirectory()) {
            assertThat(registry.ids()).containsExactly("fixture");
            assertThat(registry.require("fixture").source()).endsWith("b-good.jar");
            assertThat(registry.errors()).singleElement().satisfies(e -> {
                assertThat(e.source()).isEqualTo(plugins.resolve("a-plain.jar").toAbsolutePath().normalize().toString());
                assertThat(e.reason()).isEqualTo("it has no lorakit-plugin.json at its root");
                assertThat(e.message()).contains("a-plain.jar", "has no lorakit-plugin.json at its root");
            });
        }
    }

    @Test
    void refusesABundledJarWithoutDescriptorGivenOneByOne() {
        Path plain = FixtureJars.writeEntries(
                plugins.resolve("plain.jar"), FixtureJars.fixtureEntries(), List.of(PluginDescriptor.FILE_NAME));
        try (PluginRegistry registry = PluginLoader.builder().addPluginJar(plain).build().load()) {
            assertThat(registry.ids()).isEmpty();
            assertThat(registry.errors()).singleElement().extracting(PluginLoadError::message).asString()
                    .contains("plain.jar", "has no lorakit-plugin.json at its root");
        }
    }

    @Test
    void refusesAnEntryModuleThatIsNotListed() {
        FixtureJars.write(plugins.resolve("x.jar"), d -> d.replace("FixtureModule\"", "MissingModule\""));
        try (PluginRegistry registry = loadDirectory()) {
            assertThat(registry.errors()).singleElement().extracting(PluginLoadError::reason).asString()
                    .contains("entry module dev.lorakit.testing.fixture.MissingModule is not listed",
                            "listed: dev.lorakit.testing.fixture.FixtureModule");
        }
    }

    @Test
    void refusesADescriptorWhoseIdDiffersFromThePlugin() {
        FixtureJars.write(plugins.resolve("x.jar"), d -> d.replace("\"fixture\"", "\"other\""));
        try (PluginRegistry registry = loadDirectory()) {
            assertThat(registry.ids()).isEmpty();
            assertThat(registry.errors()).singleElement().extracting(PluginLoadError::reason).asString()
                    .contains("descriptor id \"other\" differs from", ".id() \"fixture\"");
        }
    }

    @Test
    void refusesAnInvalidDescriptorNamingTheKey() {
        FixtureJars.write(plugins.resolve("x.jar"), d -> d.replace("\"license\"", "\"licence\""));
        try (PluginRegistry registry = loadDirectory()) {
            assertThat(registry.errors()).singleElement().extracting(PluginLoadError::reason).asString()
                    .contains("unknown key \"licence\"");
        }
    }

    @Test
    void unknownIdListsTheLoadedOnes() {
        FixtureJars.write(plugins.resolve("fixture.jar"), UnaryOperator.identity());
        try (PluginRegistry registry = loadDirectory()) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> registry.require("dqn")))
                    .isInstanceOf(UnknownPluginException.class)
                    .hasMessage("unknown plugin \"dqn\"; known plugins: fixture");
        }
    }
}
