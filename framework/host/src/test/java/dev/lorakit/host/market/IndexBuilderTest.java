package dev.lorakit.host.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.host.plugin.FixtureJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexBuilderTest {

    @TempDir Path root;

    private Path module(String path, boolean template, boolean code) throws IOException {
        Path m = Files.createDirectories(root.resolve(path));
        Files.writeString(m.resolve("pom.xml"), "<project/>");
        Files.createDirectories(m.resolve("src/main/java/x"));
        Files.writeString(m.resolve("src/main/java/x/package-info.java"), "package x;");
        if (code) {
            Files.writeString(m.resolve("src/main/java/x/A.java"), "package x; class A {}");
            Files.writeString(m.resolve("src/main/java/x/P.java"),
                    "package x; final class P implements TaskPlugin<C> {}");
        }
        if (template) {
            Files.createDirectories(m.resolve("src/main/plugin"));
            Files.writeString(m.resolve("src/main/plugin/lorakit-plugin.json"), "{}");
        }
        return m;
    }

    @Test
    void listsBuiltPluginJarsWithDigestAndRelativeUrl() throws IOException {
        Path fixture = module("framework/testing/fixture-plugin", true, true);
        Path jar = FixtureJars.write(fixture.resolve("target/lorakit-plugin-fixture-0.1.0.jar"), UnaryOperator.identity());
        module("plugins/empty", false, false);
        module("plugins/unbuilt", true, true);
        List<String> warnings = new ArrayList<>();
        Path indexFile = root.resolve("target/marketplace/index.json");
        MarketplaceIndex index = IndexBuilder.build(root, indexFile, warnings);
        index.write(indexFile);

        MarketplaceIndex read = MarketplaceIndex.load(indexFile.toString(), new Fetcher());
        assertThat(read.ids()).containsExactly("fixture");
        MarketplaceIndex.Release release = read.plugins().get(0).releases().get(0);
        assertThat(release.url()).isEqualTo("../../framework/testing/fixture-plugin/target/lorakit-plugin-fixture-0.1.0.jar");
        assertThat(release.sha256()).isEqualTo(Sha256.of(jar));
        assertThat(Path.of(read.resolve(release))).isEqualTo(jar.toAbsolutePath());
        assertThat(warnings).containsExactly("plugins/empty: no plugin yet, not listed", "plugins/unbuilt: not built, not listed");
    }

    @Test
    void failsLoudlyWhenAPluginModuleHasCodeButNoDescriptor() throws IOException {
        module("plugins/dqn", false, true);
        assertThatThrownBy(() -> IndexBuilder.build(root, root.resolve("index.json"), new ArrayList<>()))
                .hasMessageStartingWith("plugin module(s) without src/main/plugin/lorakit-plugin.json: plugins/dqn");
    }
}
