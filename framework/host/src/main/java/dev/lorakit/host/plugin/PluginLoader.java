package dev.lorakit.host.plugin;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.spi.Message;
import com.google.inject.util.Types;
import dev.lorakit.api.PluginApi;
import dev.lorakit.api.PluginDescriptor;
import dev.lorakit.api.TaskPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds plugins on the classpath and in plugin directories, each directory jar in its own
 * {@link PluginClassLoader} and each plugin in its own Guice child injector, so that a broken
 * plugin is refused with a reason while the others load:
 *
 * <pre>{@code
 * try (PluginRegistry plugins = PluginLoader.builder()
 *         .optClasspath(Main.class.getClassLoader())
 *         .addPluginsDirectory(Path.of(System.getProperty("user.home"), ".lorakit", "plugins"))
 *         .build()
 *         .load()) {
 *     plugins.errors().forEach(e -> System.err.println(e.message()));
 *     TaskPlugin<?> dqn = plugins.require("dqn").plugin();
 * }
 * }</pre>
 *
 * <p>A plugin is a Guice module listed in {@code META-INF/services/com.google.inject.Module}
 * that adds one {@link TaskPlugin} to a {@code Multibinder<TaskPlugin>}, plus a {@code
 * lorakit-plugin.json} descriptor naming that module. A source is refused when its descriptor is
 * missing or invalid, its {@code requires} range excludes this API version, its id is already
 * taken, its module is not listed or fails to build, or it binds not exactly one plugin with the
 * descriptor's id.
 *
 * <p>A directory jar may bundle third-party libraries as {@code lib/*.jar} entries; they are
 * extracted per plugin jar ({@link PluginLibraries}) and loaded by that plugin's class loader
 * only.
 */
public final class PluginLoader {

    private final ClassLoader classpath;
    private final List<Path> directories;
    private final List<Path> jars;
    private final String apiVersion;
    private final Injector parentInjector;
    private final Path libraryCache;

    private PluginLoader(Builder b) {
        this.classpath = b.classpath;
        this.directories = List.copyOf(b.directories);
        this.jars = List.copyOf(b.jars);
        this.apiVersion = b.apiVersion;
        this.parentInjector = b.parentInjector != null ? b.parentInjector : Guice.createInjector(Stage.PRODUCTION);
        this.libraryCache = b.libraryCache != null ? b.libraryCache : PluginLibraries.defaultCache();
    }

    /**
     * A builder with no sources.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads every source: classpath plugins first, then jars given one by one, then each
     * directory's {@code *.jar} files by name. The first plugin with an id wins; later ones are
     * refused as duplicates.
     *
     * @return the plugins found and the sources refused
     */
    public PluginRegistry load() {
        Map<String, LoadedPlugin> loaded = new LinkedHashMap<>();
        List<PluginLoadError> errors = new ArrayList<>();
        if (classpath != null) {
            loadClasspath(loaded, errors);
        }
        Set<Path> allJars = new LinkedHashSet<>();
        jars.forEach(j -> allJars.add(j.toAbsolutePath().normalize()));
        for (Path dir : directories) {
            allJars.addAll(jarsIn(dir, errors));
        }
        for (Path jar : allJars) {
            loadJar(jar, loaded, errors);
        }
        return new PluginRegistry(loaded, errors);
    }

    private static List<Path> jarsIn(Path dir, List<PluginLoadError> errors) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .map(p -> p.toAbsolutePath().normalize())
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            errors.add(new PluginLoadError(dir.toString(), "cannot list the plugins directory: " + e.getMessage()));
            return List.of();
        }
    }

    private void loadJar(Path jar, Map<String, LoadedPlugin> loaded, List<PluginLoadError> errors) {
        String source = jar.toString();
        PluginClassLoader loader = null;
        try {
            PluginDescriptor descriptor = PluginDescriptors.readFromJar(jar);
            PluginDescriptors.checkCompatible(descriptor, apiVersion);
            checkUnique(descriptor, loaded);
            List<URL> urls = new ArrayList<>();
            urls.add(jar.toUri().toURL());
            for (Path lib : PluginLibraries.extract(jar, libraryCache)) {
                urls.add(lib.toUri().toURL());
            }
            loader = new PluginClassLoader(jar.getFileName().toString(), urls.toArray(URL[]::new),
                    classpath != null ? classpath : PluginLoader.class.getClassLoader());
            Module module = entryModule(descriptor, loader, loader);
            loaded.put(descriptor.id(), new LoadedPlugin(descriptor, pluginOf(descriptor, module), source, loader));
        } catch (PluginException | MalformedURLException e) {
            errors.add(new PluginLoadError(source, e.getMessage()));
            closeQuietly(loader);
        }
    }

    private void loadClasspath(Map<String, LoadedPlugin> loaded, List<PluginLoadError> errors) {
        List<URL> descriptors;
        try {
            descriptors = Collections.list(classpath.getResources(PluginDescriptor.FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + PluginDescriptor.FILE_NAME + " on the classpath", e);
        }
        for (URL url : descriptors) {
            String source = "classpath:" + url;
            try (InputStream in = url.openStream()) {
                PluginDescriptor descriptor = PluginDescriptors.parse(in);
                PluginDescriptors.checkCompatible(descriptor, apiVersion);
                checkUnique(descriptor, loaded);
                Module module = entryModule(descriptor, classpath, null);
                loaded.put(descriptor.id(), new LoadedPlugin(descriptor, pluginOf(descriptor, module), source, classpath));
            } catch (PluginException e) {
                errors.add(new PluginLoadError(source, e.getMessage()));
            } catch (IOException e) {
                errors.add(new PluginLoadError(source, "cannot read the descriptor: " + e.getMessage()));
            }
        }
    }

    private static void checkUnique(PluginDescriptor descriptor, Map<String, LoadedPlugin> loaded) {
        LoadedPlugin other = loaded.get(descriptor.id());
        if (other != null) {
            throw new PluginException("duplicate plugin id \"" + descriptor.id() + "\": already loaded from "
                    + other.source());
        }
    }

    /**
     * The descriptor's entry module among the {@code com.google.inject.Module} services that
     * {@code loader} sees; with {@code own} set, only those defined by that loader count (a
     * child-first loader also sees the host's services).
     */
    private static Module entryModule(PluginDescriptor descriptor, ClassLoader loader, ClassLoader own) {
        List<String> listed = new ArrayList<>();
        Iterator<ServiceLoader.Provider<Module>> it = ServiceLoader.load(Module.class, loader).stream().iterator();
        while (true) {
            ServiceLoader.Provider<Module> provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError e) {
                if (own == null) {
                    continue; // another classpath jar's broken listing is that jar's problem
                }
                throw new PluginException("its META-INF/services/com.google.inject.Module cannot be loaded: "
                        + e.getMessage(), e);
            }
            Class<? extends Module> type = provider.type();
            if (own != null && type.getClassLoader() != own) {
                continue;
            }
            listed.add(type.getName());
            if (type.getName().equals(descriptor.entryModule())) {
                try {
                    return provider.get();
                } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                    throw new PluginException("its module " + type.getName() + " cannot be created: "
                            + rootMessage(e), e);
                }
            }
        }
        throw new PluginException("its entry module " + descriptor.entryModule()
                + " is not listed in META-INF/services/com.google.inject.Module (listed: "
                + (listed.isEmpty() ? "none" : String.join(", ", listed)) + ")");
    }

    private TaskPlugin<?> pluginOf(PluginDescriptor descriptor, Module module) {
        Injector injector;
        try {
            injector = parentInjector.createChildInjector(module);
        } catch (CreationException e) {
            String first = e.getErrorMessages().stream().map(Message::getMessage).findFirst().orElse(e.getMessage());
            throw new PluginException("its module " + module.getClass().getName() + " fails to build: "
                    + first.lines().findFirst().orElse(first), e);
        } catch (RuntimeException | LinkageError e) {
            throw new PluginException("its module " + module.getClass().getName() + " fails to build: "
                    + rootMessage(e), e);
        }
        Key<?> key = Key.get(Types.setOf(TaskPlugin.class));
        Set<?> plugins = injector.getExistingBinding(key) == null ? Set.of() : (Set<?>) injector.getInstance(key);
        if (plugins.size() != 1) {
            throw new PluginException("its module " + module.getClass().getName() + " binds " + plugins.size()
                    + " TaskPlugins into Multibinder<TaskPlugin>; exactly one is required");
        }
        TaskPlugin<?> plugin = (TaskPlugin<?>) plugins.iterator().next();
        if (!descriptor.id().equals(plugin.id())) {
            throw new PluginException("its descriptor id \"" + descriptor.id() + "\" differs from "
                    + plugin.getClass().getName() + ".id() \"" + plugin.id() + "\"");
        }
        return plugin;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static void closeQuietly(PluginClassLoader loader) {
        if (loader != null) {
            try {
                loader.close();
            } catch (IOException ignored) {
                // the jar was refused anyway; a failing close changes nothing for the user
            }
        }
    }

    /** Configures where plugins come from. */
    public static final class Builder {
        private ClassLoader classpath;
        private final List<Path> directories = new ArrayList<>();
        private final List<Path> jars = new ArrayList<>();
        private String apiVersion = PluginApi.VERSION;
        private Injector parentInjector;
        private Path libraryCache;

        private Builder() {}

        /**
         * Also loads plugins whose descriptor is on this class loader's classpath; it is also the
         * parent of every plugin jar's loader.
         *
         * @param loader the host's class loader
         * @return this builder
         */
        public Builder optClasspath(ClassLoader loader) {
            this.classpath = loader;
            return this;
        }

        /**
         * Loads every {@code *.jar} of a directory; a missing directory holds no plugins.
         *
         * @param directory the plugins directory
         * @return this builder
         */
        public Builder addPluginsDirectory(Path directory) {
            directories.add(directory);
            return this;
        }

        /**
         * Loads one plugin jar (e.g. the plugins this repository builds).
         *
         * @param jar the jar
         * @return this builder
         */
        public Builder addPluginJar(Path jar) {
            jars.add(jar);
            return this;
        }

        /**
         * The API version {@code requires} ranges are checked against; tests use it to
         * simulate other hosts.
         *
         * @param version a semantic version; defaults to {@link PluginApi#VERSION}
         * @return this builder
         */
        public Builder optApiVersion(String version) {
            SemanticVersion.parse(version);
            this.apiVersion = version;
            return this;
        }

        /**
         * The injector whose bindings every plugin's child injector sees.
         *
         * @param injector the host's injector; defaults to an empty one
         * @return this builder
         */
        public Builder optParentInjector(Injector injector) {
            this.parentInjector = injector;
            return this;
        }

        /**
         * Where the {@code lib/*.jar} libraries bundled in plugin jars are extracted, one
         * directory per plugin jar ({@link PluginLibraries}).
         *
         * @param directory defaults to {@link PluginLibraries#defaultCache()}
         * @return this builder
         */
        public Builder optLibraryCache(Path directory) {
            this.libraryCache = directory;
            return this;
        }

        /**
         * Builds the loader.
         *
         * @return the loader
         */
        public PluginLoader build() {
            return new PluginLoader(this);
        }
    }
}
