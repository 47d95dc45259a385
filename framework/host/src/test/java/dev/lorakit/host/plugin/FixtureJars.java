package dev.lorakit.host.plugin;

import dev.lorakit.api.PluginDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Builds plugin jars from the fixture plugin module as the build produced it (its jar, or its
 * classes directory when the reactor resolved that), optionally with an edited descriptor.
 */
public final class FixtureJars {

    private FixtureJars() {}

    /**
     * The fixture plugin's files, by jar entry name.
     *
     * @return entry name to content
     */
    public static Map<String, byte[]> fixtureEntries() {
        URL url = FixtureJars.class.getClassLoader().getResource(PluginDescriptor.FILE_NAME);
        if (url == null) {
            throw new IllegalStateException("the fixture plugin is not on the test classpath");
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try {
            if (url.getProtocol().equals("jar")) {
                return entriesOf(Paths.get(((JarURLConnection) url.openConnection()).getJarFileURL().toURI()));
            } else {
                Path root = Paths.get(url.toURI()).getParent();
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                        entries.put(root.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return entries;
    }

    /**
     * The files of a jar, by entry name.
     *
     * @param jar the jar
     * @return entry name to content, in the jar's order
     */
    public static Map<String, byte[]> entriesOf(Path jar) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry e : Collections.list(file.entries())) {
                if (!e.isDirectory()) {
                    try (InputStream in = file.getInputStream(e)) {
                        entries.put(e.getName(), in.readAllBytes());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /**
     * Writes the fixture plugin as a jar.
     *
     * @param jar where to write
     * @param editDescriptor rewrites the descriptor JSON (identity for the real one)
     * @return the jar
     */
    public static Path write(Path jar, UnaryOperator<String> editDescriptor) {
        Map<String, byte[]> entries = fixtureEntries();
        String descriptor = new String(entries.get(PluginDescriptor.FILE_NAME), StandardCharsets.UTF_8);
        entries.put(PluginDescriptor.FILE_NAME, editDescriptor.apply(descriptor).getBytes(StandardCharsets.UTF_8));
        return writeEntries(jar, entries, List.of());
    }

    /**
     * Writes a jar with the given entries, leaving some out.
     *
     * @param jar where to write
     * @param entries entry name to content
     * @param without entry names to leave out
     * @return the jar
     */
    public static Path writeEntries(Path jar, Map<String, byte[]> entries, List<String> without) {
        try {
            Files.createDirectories(jar.getParent());
            try (OutputStream out = Files.newOutputStream(jar);
                    JarOutputStream jout = new JarOutputStream(out)) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    if (!without.contains(e.getKey())) {
                        jout.putNextEntry(new JarEntry(e.getKey()));
                        jout.write(e.getValue());
                        jout.closeEntry();
                    }
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
