package dev.lorakit.host.plugin;

import dev.lorakit.host.market.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Third-party libraries a plugin jar carries as nested {@code lib/*.jar} entries, as PF4J
 * plugins do. They are extracted once into {@code CACHE/<sha256 of the plugin jar>/} and put on
 * that plugin's own class loader, so two plugins may bundle different versions of one library
 * and neither sees the other's.
 *
 * <p>Extraction writes into a hidden temp directory, fsyncs every file, and renames the
 * directory atomically: a cache directory is complete or absent, and processes starting at the
 * same time never see half a library. Keying by the jar's content means a reinstalled or edited
 * jar never reuses a stale copy, and no two different jars share a directory.
 */
public final class PluginLibraries {

    /** The folder inside a plugin jar whose {@code *.jar} entries are its libraries. */
    public static final String LIB_PREFIX = "lib/";

    private PluginLibraries() {}

    /**
     * The default cache: {@code ~/.cache/lorakit/plugin-libs}.
     *
     * @return the directory (not created)
     */
    public static Path defaultCache() {
        return Path.of(System.getProperty("user.home"), ".cache", "lorakit", "plugin-libs");
    }

    /**
     * The plugin jar's bundled libraries, extracted into the cache when not there yet.
     *
     * @param jar the plugin jar
     * @param cache the cache root
     * @return the extracted library jars in name order; empty when the jar bundles none
     * @throws PluginException naming the library when it cannot be extracted
     */
    public static List<Path> extract(Path jar, Path cache) {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry e : Collections.list(file.entries())) {
                if (isLibrary(e.getName())) {
                    names.add(e.getName().substring(LIB_PREFIX.length()));
                }
            }
            if (names.isEmpty()) {
                return List.of();
            }
            Collections.sort(names);
            Path target = cache.resolve(Sha256.of(jar));
            if (!Files.isDirectory(target)) {
                extractAtomically(file, names, target);
            }
            List<Path> libs = new ArrayList<>();
            for (String name : names) {
                Path lib = target.resolve(name);
                if (!Files.isRegularFile(lib)) {
                    throw new PluginException("its bundled library " + LIB_PREFIX + name + " is missing from the cache "
                            + target + " (delete that directory to extract it again)");
                }
                libs.add(lib);
            }
            return libs;
        } catch (IOException e) {
            throw new PluginException("its bundled libraries cannot be extracted to " + cache + ": " + e.getMessage(), e);
        }
    }

    private static boolean isLibrary(String entry) {
        return entry.startsWith(LIB_PREFIX) && entry.endsWith(".jar") && entry.indexOf('/', LIB_PREFIX.length()) < 0
                && entry.length() > LIB_PREFIX.length() + ".jar".length();
    }

    /** Package-private for the race test: another process may have created {@code target} meanwhile. */
    static void extractAtomically(JarFile file, List<String> names, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(".tmp-" + target.getFileName() + "-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime());
        Files.createDirectory(tmp);
        try {
            for (String name : names) {
                Path out = tmp.resolve(name);
                try (InputStream in = file.getInputStream(file.getEntry(LIB_PREFIX + name));
                        FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                        OutputStream os = java.nio.channels.Channels.newOutputStream(channel)) {
                    in.transferTo(os);
                    channel.force(true);
                }
            }
            fsyncDirectory(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException raced) {
                // Another process extracted the same jar first; its copy is complete and identical.
                // Linux's rename(2) onto a non-empty directory fails with ENOTEMPTY, which the JDK
                // reports as a plain FileSystemException ("Directory not empty"), not as
                // DirectoryNotEmptyException: so any failure with the target now present is the race.
                if (!Files.isDirectory(target)) {
                    throw raced;
                }
                deleteTree(tmp);
            }
            fsyncDirectory(target.getParent());
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // Some file systems cannot open directories; the rename is still atomic there.
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        }
    }
}
