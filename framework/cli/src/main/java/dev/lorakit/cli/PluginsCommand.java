package dev.lorakit.cli;

import dev.lorakit.api.PluginApi;
import dev.lorakit.api.PluginDescriptor;
import dev.lorakit.host.market.Fetcher;
import dev.lorakit.host.market.InstalledPlugin;
import dev.lorakit.host.market.MarketplaceException;
import dev.lorakit.host.market.MarketplaceIndex;
import dev.lorakit.host.market.PluginInstaller;
import dev.lorakit.host.plugin.LoadedPlugin;
import dev.lorakit.host.plugin.PluginRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lorakit plugins list | info | install | remove}. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List, inspect, install and remove task plugins.",
        subcommands = {PluginsCommand.ListCommand.class, PluginsCommand.InfoCommand.class,
            PluginsCommand.InstallCommand.class, PluginsCommand.RemoveCommand.class})
public final class PluginsCommand implements Runnable {

    @Spec private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code plugins list}: every loaded plugin and every refused jar. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the plugins lorakit can run.")
    static final class ListCommand implements Callable<Integer> {
        @Spec private CommandSpec spec;
        @Mixin private PluginSources sources;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (PluginRegistry registry = sources.load(spec.commandLine().getErr())) {
                out.println("plugin API " + PluginApi.VERSION + "; plugins directory " + sources.pluginsDirectory());
                if (registry.plugins().isEmpty()) {
                    out.println("no plugins loaded");
                }
                for (LoadedPlugin p : registry.plugins()) {
                    out.printf("%-22s %-16s %s%n", p.id(), p.descriptor().version(), p.descriptor().description());
                }
                return 0;
            }
        }
    }

    /** {@code plugins info ID}: descriptor, source, config class and LoRA defaults. */
    @Command(name = "info", mixinStandardHelpOptions = true, description = "Show one plugin's details.")
    static final class InfoCommand implements Callable<Integer> {
        @Spec private CommandSpec spec;
        @Mixin private PluginSources sources;

        @Parameters(index = "0", paramLabel = "ID", description = "The plugin id.")
        private String id;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (PluginRegistry registry = sources.load(spec.commandLine().getErr())) {
                LoadedPlugin p = registry.require(id);
                PluginDescriptor d = p.descriptor();
                out.println("id:             " + d.id());
                out.println("version:        " + d.version());
                out.println("requires:       plugin API " + d.requires() + " (this lorakit: " + PluginApi.VERSION + ")");
                out.println("description:    " + d.description());
                out.println("license:        " + d.license());
                out.println("entry module:   " + d.entryModule());
                out.println("threads hint:   " + (d.threads() == null ? "none (the engine's default)" : d.threads()));
                out.println("source:         " + p.source());
                out.println("config section: " + d.id() + ": -> " + p.plugin().configClass().getName());
                out.println("lora targets:   " + p.plugin().loraDefaults().targetModules());
                out.println("modules_to_save:" + " " + p.plugin().loraDefaults().modulesToSave());
                return 0;
            }
        }
    }

    /** {@code plugins install ID[@VERSION] | path.jar}. */
    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Install a plugin from a marketplace index (verifying sha256 and the API range) or a local jar.")
    static final class InstallCommand implements Callable<Integer> {
        @Spec private CommandSpec spec;
        @Mixin private PluginSources sources;

        @Parameters(index = "0", paramLabel = "ID[@VERSION]|JAR", description = "A plugin id from the index, or a jar file.")
        private String what;

        @Option(names = "--index", paramLabel = "FILE|URL",
                description = "Marketplace index (default: $LORAKIT_INDEX, or the index this checkout built).")
        private String index;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PluginInstaller installer = PluginInstaller.builder().setPluginsDirectory(sources.pluginsDirectory()).build();
            InstalledPlugin installed;
            if (what.endsWith(".jar") || Files.isRegularFile(Path.of(what))) {
                installed = installer.install(Path.of(what));
            } else {
                int at = what.indexOf('@');
                String id = at < 0 ? what : what.substring(0, at);
                String version = at < 0 ? null : what.substring(at + 1);
                installed = installer.install(MarketplaceIndex.load(indexLocation(), new Fetcher()), id, version);
            }
            out.println("installed " + installed.descriptor().id() + " " + installed.descriptor().version() + " -> "
                    + installed.jar() + " (sha256 " + installed.sha256() + ")");
            return 0;
        }

        private String indexLocation() {
            for (String candidate : List.of(
                    index == null ? "" : index,
                    System.getenv().getOrDefault("LORAKIT_INDEX", ""),
                    System.getProperty("lorakit.index", ""))) {
                if (!candidate.isBlank()) {
                    return candidate;
                }
            }
            throw new MarketplaceException("no marketplace index: pass --index FILE|URL or set LORAKIT_INDEX");
        }
    }

    /** {@code plugins remove ID}. */
    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an installed plugin.")
    static final class RemoveCommand implements Callable<Integer> {
        @Spec private CommandSpec spec;
        @Mixin private PluginSources sources;

        @Parameters(index = "0", paramLabel = "ID", description = "The plugin id.")
        private String id;

        @Override
        public Integer call() {
            PluginInstaller installer = PluginInstaller.builder().setPluginsDirectory(sources.pluginsDirectory()).build();
            for (Path removed : installer.remove(id)) {
                spec.commandLine().getOut().println("removed " + removed);
            }
            return 0;
        }
    }
}
