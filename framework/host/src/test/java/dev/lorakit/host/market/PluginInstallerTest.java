package dev.lorakit.host.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.lorakit.api.PluginApi;
import dev.lorakit.host.plugin.FixtureJars;
import dev.lorakit.host.plugin.PluginLoader;
import dev.lorakit.host.plugin.PluginRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginInstallerTest {

    @TempDir Path tmp;
    private Path repo;
    private Path pluginsDir;
    private Path jar;
    private PluginInstaller installer;

    @BeforeEach
    void setUp() throws IOException {
        repo = Files.createDirectories(tmp.resolve("repo"));
        pluginsDir = tmp.resolve("plugins");
        jar = FixtureJars.write(repo.resolve("jars/fixture-1.jar"), UnaryOperator.identity());
        installer = PluginInstaller.builder().setPluginsDirectory(pluginsDir).build();
    }

    private Path index(String requires, String sha) throws IOException {
        Path index = repo.resolve("index.json");
        Files.writeString(index, "[{\"id\": \"fixture\", \"description\": \"d\", \"provider\": \"p\", \"name\": \"ignored\","
                + "\"releases\": [{\"version\": \"" + PluginApi.VERSION + "\", \"date\": \"2026-11-29\", \"requires\": \""
                + requires + "\", \"url\": \"jars/fixture-1.jar\", \"sha256\": \"" + sha + "\"}]}]");
        return index;
    }

    private List<Path> pluginsDirFiles() throws IOException {
        if (!Files.exists(pluginsDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(pluginsDir)) {
            return s.toList();
        }
    }

    @Test
    void installsFromAnIndexAndTheLoaderFindsIt() throws IOException {
        MarketplaceIndex index = MarketplaceIndex.load(index("^0.1.0", Sha256.of(jar)).toString(), new Fetcher());
        InstalledPlugin installed = installer.install(index, "fixture", null);
        assertThat(installed.jar()).isEqualTo(pluginsDir.resolve("fixture.jar"));
        assertThat(pluginsDirFiles()).containsExactly(pluginsDir.resolve("fixture.jar"));
        try (PluginRegistry registry = PluginLoader.builder().addPluginsDirectory(pluginsDir).build().load()) {
            assertThat(registry.errors()).isEmpty();
            assertThat(registry.ids()).containsExactly("fixture");
        }
    }

    @Test
    void refusesATamperedJarAndWritesNothing() throws IOException {
        MarketplaceIndex index = MarketplaceIndex.load(index("^0.1.0", Sha256.of(jar)).toString(), new Fetcher());
        FixtureJars.write(jar, d -> d.replace("Apache-2.0", "MIT"));
        assertThatThrownBy(() -> installer.install(index, "fixture", null))
                .isInstanceOf(MarketplaceException.class)
                .hasMessageContaining("its sha256 is " + Sha256.of(jar))
                .hasMessageContaining("nothing was installed");
        assertThat(pluginsDirFiles()).isEmpty();
    }

    @Test
    void refusesAnIncompatibleReleaseBeforeDownloading() throws IOException {
        Files.delete(jar); // a download attempt would fail differently
        MarketplaceIndex index = MarketplaceIndex.load(index(">=5.0.0", "0".repeat(64)).toString(), new Fetcher());
        assertThatThrownBy(() -> installer.install(index, "fixture", PluginApi.VERSION))
                .hasMessage("fixture " + PluginApi.VERSION + " requires plugin API >=5.0.0, this lorakit provides "
                        + PluginApi.VERSION + "; nothing was installed");
        assertThatThrownBy(() -> installer.install(index, "fixture", null))
                .hasMessageStartingWith("no release of \"fixture\" supports plugin API");
        assertThat(pluginsDirFiles()).isEmpty();
    }

    @Test
    void unknownIdsAndVersionsListWhatExists() throws IOException {
        MarketplaceIndex index = MarketplaceIndex.load(index("^0.1.0", Sha256.of(jar)).toString(), new Fetcher());
        assertThatThrownBy(() -> installer.install(index, "dqn", null)).hasMessageContaining("it lists: fixture");
        assertThatThrownBy(() -> installer.install(index, "fixture", "9.9.9"))
                .hasMessageContaining("has no release 9.9.9; releases: " + PluginApi.VERSION + " (requires ^0.1.0)");
    }

    @Test
    void installsOverHttp() throws IOException {
        Path indexFile = index("^0.1.0", Sha256.of(jar));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Path file = repo.resolve(exchange.getRequestURI().getPath().substring(1));
            if (!Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            MarketplaceIndex index = MarketplaceIndex.load(base + indexFile.getFileName(), new Fetcher());
            assertThat(index.resolve(index.plugins().get(0).releases().get(0)).toString())
                    .isEqualTo(base + "jars/fixture-1.jar");
            installer.install(index, "fixture", null);
            assertThat(pluginsDirFiles()).containsExactly(pluginsDir.resolve("fixture.jar"));
            assertThatThrownBy(() -> MarketplaceIndex.load(base + "missing.json", new Fetcher()))
                    .hasMessageContaining("HTTP 404");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void installsALocalJarReplacingOtherJarsOfTheSameIdAndRemoves() throws IOException {
        Files.createDirectories(pluginsDir);
        Files.copy(jar, pluginsDir.resolve("old-copy.jar"));
        installer.install(jar);
        assertThat(pluginsDirFiles()).containsExactly(pluginsDir.resolve("fixture.jar"));
        assertThat(installer.installed()).singleElement().satisfies(p -> assertThat(p.descriptor().id()).isEqualTo("fixture"));
        assertThat(installer.remove("fixture")).containsExactly(pluginsDir.resolve("fixture.jar"));
        assertThat(pluginsDirFiles()).isEmpty();
        assertThatThrownBy(() -> installer.remove("fixture")).hasMessageContaining("is not installed in");
    }

    @Test
    void refusesALocalJarWithAnIncompatibleRange() {
        Path future = FixtureJars.write(tmp.resolve("future.jar"), d -> d.replace("\"^0.1.0\"", "\"^3.0.0\""));
        assertThatThrownBy(() -> installer.install(future))
                .hasMessageContaining("requires plugin API ^3.0.0")
                .hasMessageEndingWith("nothing was installed");
    }
}
