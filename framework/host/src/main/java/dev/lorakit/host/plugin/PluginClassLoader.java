package dev.lorakit.host.plugin;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one plugin jar: child-first for the plugin's own classes (so two plugins
 * may bundle different versions of a library), parent-first for everything the host shares —
 * the lorakit framework, DJL (its native library loads once per JVM, in one loader), Guice,
 * Jackson, SLF4J and the JDK — so that a plugin's {@code TaskPlugin} is the host's type.
 */
public final class PluginClassLoader extends URLClassLoader {

    /** Package prefixes always loaded from the parent. */
    public static final List<String> SHARED_PREFIXES =
            List.of(
                    "java.",
                    "javax.",
                    "jakarta.",
                    "jdk.",
                    "sun.",
                    "dev.lorakit.api.",
                    "dev.lorakit.lora.",
                    "dev.lorakit.train.",
                    "dev.lorakit.zoo.",
                    "dev.lorakit.env.",
                    "ai.djl.",
                    "com.google.inject.",
                    "com.google.common.",
                    "com.fasterxml.jackson.",
                    "org.slf4j.");

    static {
        registerAsParallelCapable();
    }

    private final String pluginName;

    /**
     * Creates the loader.
     *
     * @param pluginName the jar's name, for diagnostics
     * @param urls the plugin jar and its bundled libraries
     * @param parent the host's class loader
     */
    public PluginClassLoader(String pluginName, URL[] urls, ClassLoader parent) {
        super("lorakit-plugin:" + pluginName, urls, parent);
        this.pluginName = pluginName;
    }

    /**
     * Whether a class or resource name is always taken from the host.
     *
     * @param className a binary class name
     * @return true for shared packages
     */
    public static boolean isShared(String className) {
        for (String prefix : SHARED_PREFIXES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isShared(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException notInPlugin) {
                    c = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        if (isShared(name.replace('/', '.'))) {
            return super.getResource(name);
        }
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        // The plugin's own resources first, then the host's: a ServiceLoader sees its own
        // providers before the host's ones.
        List<URL> urls = new ArrayList<>(Collections.list(findResources(name)));
        urls.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(urls);
    }

    @Override
    public String toString() {
        return "PluginClassLoader[" + pluginName + "]";
    }
}
