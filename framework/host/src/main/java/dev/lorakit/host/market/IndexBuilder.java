package dev.lorakit.host.market;

import dev.lorakit.api.PluginDescriptor;
import dev.lorakit.host.plugin.PluginDescriptors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds the sample marketplace index of this repository's plugin modules ({@code plugins/*}
 * and {@code framework/testing/*}): one release per built jar with its SHA-256 and a URL
 * relative to the index. It fails when a plugin module with code has no descriptor template —
 * the loud failure the plugin recipe promises — and skips modules not built yet.
 *
 * <p>Run by the build of {@code framework/cli}: {@code IndexBuilder <repo root> <index.json>}.
 */
public final class IndexBuilder {

    /** Where plugin modules live, relative to the repository root. */
    public static final List<String> PLUGIN_PARENTS = List.of("plugins", "framework/testing");

    private static final String TEMPLATE = "src/main/plugin/" + PluginDescriptor.FILE_NAME;

    private IndexBuilder() {}

    /**
     * Writes the index.
     *
     * @param args the repository root and the index file to write
     * @throws IOException when reading or writing fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: IndexBuilder <repo root> <index.json>");
        }
        Path index = Path.of(args[1]).toAbsolutePath();
        List<String> warnings = new ArrayList<>();
        MarketplaceIndex built = build(Path.of(args[0]), index, warnings);
        built.write(index);
        warnings.forEach(w -> System.err.println("[lorakit index] " + w));
        System.err.println("[lorakit index] " + index + ": " + built.plugins().size() + " plugin(s)");
    }

    /**
     * Builds the index of a repository's plugin modules.
     *
     * @param root the repository root
     * @param index where the index will be written (release URLs are relative to it)
     * @param warnings receives one line per skipped module
     * @return the index
     * @throws IllegalStateException when a plugin module with code lacks its descriptor template
     * @throws IOException when reading fails
     */
    public static MarketplaceIndex build(Path root, Path index, List<String> warnings) throws IOException {
        List<MarketplaceIndex.Plugin> plugins = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Path module : modules(root)) {
            if (!Files.exists(module.resolve(TEMPLATE))) {
                if (isPlugin(module)) {
                    missing.add(root.relativize(module).toString());
                } else {
                    warnings.add(root.relativize(module) + ": no plugin yet, not listed");
                }
                continue;
            }
            Path jar = builtJar(module);
            if (jar == null) {
                warnings.add(root.relativize(module) + ": not built, not listed");
                continue;
            }
            PluginDescriptor d = PluginDescriptors.readFromJar(jar);
            String url = index.getParent().relativize(jar.toAbsolutePath()).toString().replace('\\', '/');
            plugins.add(new MarketplaceIndex.Plugin(d.id(), d.description(), "lorakit", List.of(
                    new MarketplaceIndex.Release(d.version(), LocalDate.now(ZoneOffset.UTC).toString(), d.requires(),
                            url, Sha256.of(jar)))));
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("plugin module(s) without " + TEMPLATE + ": " + String.join(", ", missing)
                    + " — every plugin jar needs its descriptor; see docs/plugins.md");
        }
        return new MarketplaceIndex(index.toUri(), plugins);
    }

    private static List<Path> modules(Path root) throws IOException {
        List<Path> modules = new ArrayList<>();
        for (String parent : PLUGIN_PARENTS) {
            Path dir = root.resolve(parent);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> children = Files.list(dir)) {
                children.filter(c -> Files.exists(c.resolve("pom.xml"))).sorted().forEach(modules::add);
            }
        }
        return modules;
    }

    private static boolean isPlugin(Path module) throws IOException {
        if (Files.exists(module.resolve("src/main/resources/META-INF/services/com.google.inject.Module"))) {
            return true;
        }
        Path src = module.resolve("src/main/java");
        if (!Files.isDirectory(src)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                if (Files.readString(f).matches("(?s).*implements\\s+TaskPlugin\\b.*")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Path builtJar(Path module) throws IOException {
        Path target = module.resolve("target");
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> {
                        String n = f.getFileName().toString();
                        return n.startsWith("lorakit-plugin-") && n.endsWith(".jar")
                                && !n.endsWith("-sources.jar") && !n.endsWith("-tests.jar") && !n.endsWith("-javadoc.jar");
                    })
                    .findFirst()
                    .orElse(null);
        }
    }
}
