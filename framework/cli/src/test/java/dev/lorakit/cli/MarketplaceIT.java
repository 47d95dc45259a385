package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installing from the sample index the build produced, running the installed plugin, refusing a tampered jar. */
class MarketplaceIT {

    @TempDir Path tmp;

    @Test
    void installsFromTheBuiltIndexIntoAPluginsDirectoryAndRunsIt() throws Exception {
        Path plugins = tmp.resolve("plugins");
        CliProcess.Result install = CliProcess.run(tmp, Map.of(), "plugins", "install", "fixture",
                "--index", CliProcess.index().toString(), "--plugins-dir", plugins.toString());
        assertThat(install.code()).as(install.err()).isZero();
        assertThat(install.out()).startsWith("installed fixture ");
        assertThat(plugins.resolve("fixture.jar")).isRegularFile();

        CliProcess.Result list = CliProcess.run(tmp, Map.of(), "plugins", "list", "--plugins-dir", plugins.toString());
        assertThat(list.out()).contains("fixture");
        assertThat(list.err()).doesNotContain("refused");

        CliProcess.Result run = CliProcess.run(tmp, Map.of(), "run",
                CliProcess.repo().resolve("configs/spirals-fixture.yaml").toString(),
                "--set", "trainer.max_steps=10", "--set", "trainer.eval_every=10", "--run-dir", tmp.resolve("run").toString(),
                "--plugins-dir", plugins.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(tmp.resolve("run/summary.json")).isRegularFile();

        CliProcess.Result remove = CliProcess.run(tmp, Map.of(), "plugins", "remove", "fixture", "--plugins-dir",
                plugins.toString());
        assertThat(remove.code()).isZero();
        assertThat(plugins.resolve("fixture.jar")).doesNotExist();
    }

    @Test
    void refusesATamperedJarAndLeavesThePluginsDirectoryEmpty() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ArrayNode index = (ArrayNode) json.readTree(CliProcess.index().toFile());
        ObjectNode release = (ObjectNode) CliProcess.fixtureEntry(index).get("releases").get(0);
        Path original = CliProcess.index().getParent().resolve(release.get("url").asText()).normalize();
        Path tampered = tmp.resolve("fixture-tampered.jar");
        byte[] bytes = Files.readAllBytes(original);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(tampered, bytes);
        release.put("url", tampered.toUri().toString());
        Path tamperedIndex = tmp.resolve("index.json");
        json.writeValue(tamperedIndex.toFile(), index);

        Path plugins = tmp.resolve("plugins");
        CliProcess.Result r = CliProcess.run(tmp, Map.of(), "plugins", "install", "fixture", "--index",
                tamperedIndex.toString(), "--plugins-dir", plugins.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("lorakit: refusing fixture ").contains("its sha256 is ", "nothing was installed");
        try (Stream<Path> files = Files.exists(plugins) ? Files.list(plugins) : Stream.empty()) {
            assertThat(files).isEmpty();
        }
    }
}
