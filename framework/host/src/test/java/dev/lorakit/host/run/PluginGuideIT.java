package dev.lorakit.host.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.host.config.ExperimentConfigs;
import dev.lorakit.host.plugin.FixtureJars;
import dev.lorakit.host.plugin.PluginLoader;
import dev.lorakit.host.plugin.PluginRegistry;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follows the recipe of {@code docs/plugins.md} as a plugin author would: every block marked
 * {@code file=...} is written out, the Java sources are compiled against the host's classpath,
 * the descriptor template is filtered the way the parent POM's profile filters it, the jar is
 * packed as Maven packs it, dropped into a plugins directory, loaded, and the guide's config is
 * run. A guide that drifts from the code fails here.
 */
class PluginGuideIT {

    private static final Path REPO = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
    private static final Pattern FENCE = Pattern.compile("^(\\s*)```(\\w+) file=(\\S+)\\s*$");

    @TempDir Path tmp;

    @Test
    void thePluginOfTheGuideBuildsLoadsAndRuns() throws Exception {
        Map<String, String> files = guideFiles(REPO.resolve("docs/plugins.md"));
        assertThat(files).containsKeys("pom.xml", "src/main/plugin/lorakit-plugin.json",
                "src/main/resources/META-INF/services/com.google.inject.Module", "configs/circles.yaml");

        org.w3c.dom.Document pom = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(files.get("pom.xml").getBytes(StandardCharsets.UTF_8)));
        javax.xml.xpath.XPath xpath = javax.xml.xpath.XPathFactory.newInstance().newXPath();
        String rootPom = Files.readString(REPO.resolve("pom.xml"));
        String version = xpath.evaluate("/project/parent/version", pom);
        String artifactId = xpath.evaluate("/project/artifactId", pom);
        assertThat(xpath.evaluate("/project/parent/artifactId", pom)).isEqualTo("lorakit-parent");
        assertThat(rootPom).contains("<artifactId>lorakit-parent</artifactId>\n  <version>" + version + "</version>");
        assertThat(artifactId).startsWith("lorakit-plugin-");
        org.w3c.dom.NodeList deps = (org.w3c.dom.NodeList) xpath.evaluate("/project/dependencies/dependency", pom,
                javax.xml.xpath.XPathConstants.NODESET);
        assertThat(deps.getLength()).isEqualTo(4);
        for (int i = 0; i < deps.getLength(); i++) {
            String dep = xpath.evaluate("artifactId", deps.item(i));
            assertThat(xpath.evaluate("scope", deps.item(i))).as(dep).isEqualTo("provided");
            // Versions come from the root POM's dependencyManagement (DJL's through its BOM).
            String managed = xpath.evaluate("groupId", deps.item(i)).equals("ai.djl") ? "bom" : dep;
            assertThat(rootPom).as(dep).contains("<artifactId>" + managed + "</artifactId>");
        }

        // Maven's work: compile the sources, filter the descriptor, copy the resources, pack the jar.
        Path classes = tmp.resolve("classes");
        compile(files, classes);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (Stream<Path> compiled = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) compiled.filter(Files::isRegularFile)::iterator) {
                entries.put(classes.relativize(f).toString().replace(File.separatorChar, '/'), Files.readAllBytes(f));
            }
        }
        String descriptor = files.get("src/main/plugin/lorakit-plugin.json")
                .replace("${project.version}", version)
                .replace("${project.description}", xpath.evaluate("/project/description", pom))
                .replace("${lorakit.plugin.requires}", property(rootPom, "lorakit.plugin.requires"));
        assertThat(descriptor).doesNotContain("${");
        entries.put("lorakit-plugin.json", descriptor.getBytes(StandardCharsets.UTF_8));
        String services = "src/main/resources/META-INF/services/com.google.inject.Module";
        entries.put("META-INF/services/com.google.inject.Module", files.get(services).getBytes(StandardCharsets.UTF_8));
        Path plugins = tmp.resolve("plugins");
        FixtureJars.writeEntries(plugins.resolve(artifactId + "-" + version + ".jar"), entries, List.of());

        Path config = tmp.resolve("configs/circles.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, files.get("configs/circles.yaml"));
        try (PluginRegistry registry = PluginLoader.builder().addPluginsDirectory(plugins).build().load()) {
            assertThat(registry.errors()).isEmpty();
            assertThat(registry.ids()).containsExactly("circles");
            assertThat(registry.require("circles").descriptor().description())
                    .isEqualTo("Points inside or outside a circle (the plugin guide's example)");
            // The guide's config, shortened to keep the test cheap.
            ExperimentRunner.RunResult result = ExperimentRunner.builder()
                    .setConfig(ExperimentConfigs.load(config, List.of("trainer.max_steps=60", "trainer.eval_every=60"),
                            registry))
                    .optRunsRoot(tmp.resolve("runs")).optProgress(false).build().run();
            assertThat(result.summary().fineTuning()).isEqualTo("lora");
            assertThat(result.summary().mainMetric()).isEqualTo("eval/accuracy");
            assertThat(result.summary().bestValue()).isNotNull();
            List<double[]> loss = MetricSeries.read(result.runDirectory().resolve("metrics.jsonl")).get("train/loss");
            assertThat(loss.get(loss.size() - 1)[1]).as("it learns").isLessThan(loss.get(0)[1]);
        }
    }

    /** The blocks marked {@code file=PATH}, by path, with the fence's indentation removed. */
    static Map<String, String> guideFiles(Path markdown) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(markdown);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = FENCE.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            int indent = m.group(1).length();
            StringBuilder body = new StringBuilder();
            for (i++; !lines.get(i).strip().equals("```"); i++) {
                String line = lines.get(i);
                body.append(line.length() >= indent ? line.substring(indent) : line.strip()).append('\n');
            }
            assertThat(files.put(m.group(3), body.toString())).as("two blocks for " + m.group(3)).isNull();
        }
        return files;
    }

    private static void compile(Map<String, String> files, Path classes) throws Exception {
        Path sources = classes.resolveSibling("src");
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none", "--release", "17",
                "-classpath", System.getProperty("java.class.path")));
        for (Map.Entry<String, String> f : files.entrySet()) {
            if (f.getKey().endsWith(".java")) {
                Path source = sources.resolve(f.getKey());
                Files.createDirectories(source.getParent());
                Files.writeString(source, f.getValue());
                args.add(source.toString());
            }
        }
        assertThat(args).anyMatch(a -> a.endsWith("Plugin.java"));
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = javac.run(null, null, err, args.toArray(String[]::new));
        assertThat(code).as("javac of the guide's sources: " + err.toString(StandardCharsets.UTF_8)).isZero();
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(pom);
        assertThat(m.find()).as(name + " in the root pom.xml").isTrue();
        return m.group(1);
    }
}
