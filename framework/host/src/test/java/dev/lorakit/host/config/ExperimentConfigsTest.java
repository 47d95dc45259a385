package dev.lorakit.host.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.host.plugin.PluginLoader;
import dev.lorakit.host.plugin.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentConfigsTest {

    private static PluginRegistry plugins;

    @TempDir Path dir;

    @BeforeAll
    static void loadPlugins() {
        plugins = PluginLoader.builder().optClasspath(ExperimentConfigsTest.class.getClassLoader()).build().load();
    }

    @AfterAll
    static void closePlugins() {
        plugins.close();
    }

    private Path config(String yaml) throws IOException {
        Path file = dir.resolve("x.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private String error(String yaml, String... overrides) throws IOException {
        Path file = config(yaml);
        ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                ConfigException.class, () -> ExperimentConfigs.load(file, List.of(overrides), plugins));
        assertThat(e).as("expected a config error").isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n").startsWith(file + ": ");
        return e.getMessage().substring(file.toString().length() + 2);
    }

    @Test
    void bindsEverySectionWithDefaults() throws IOException {
        ResolvedConfig c = ExperimentConfigs.load(
                config("plugin: fixture\nfixture:\n  hidden: 8\ntrainer:\n  optimizer: {type: adamw, lr: 1e-2}\n"), List.of(), plugins);
        assertThat(c.spec().seed()).isEqualTo(1);
        assertThat(c.spec().trainer().optimizer().lr()).isEqualTo(0.01);
        assertThat(c.spec().trainer().epochs()).isEqualTo(1);
        assertThat(c.spec().checkpoint().keepLast()).isEqualTo(2);
        assertThat(c.spec().lora().enabled()).isTrue();
        assertThat(c.spec().lora().config().targetModules()).containsExactly("0", "2");
        assertThat(c.spec().lora().config().modulesToSave()).containsExactly("4");
        assertThat(c.spec().task()).hasFieldOrPropertyWithValue("hidden", 8).hasFieldOrPropertyWithValue("examples", 512);
        assertThat(c.name()).isEqualTo("x");
    }

    @Test
    void overridesAreYamlTypedAndWin() throws IOException {
        ResolvedConfig c = ExperimentConfigs.load(config("plugin: fixture\nseed: 3\n"),
                List.of("trainer.max_steps=7", "seed=9", "lora.target_modules=[\"0\"]", "lora.enabled=false",
                        "fixture.noise=0"),
                plugins);
        assertThat(c.spec().trainer().maxSteps()).isEqualTo(7);
        assertThat(c.spec().seed()).isEqualTo(9);
        assertThat(c.spec().lora().enabled()).isFalse();
        assertThat(c.spec().lora().config().targetModules()).containsExactly("0");
        assertThat(c.spec().task()).hasFieldOrPropertyWithValue("noise", 0.0);
    }

    @Test
    void resolvedYamlHasEveryValueAndReadsBackEqual() throws IOException {
        ResolvedConfig c = ExperimentConfigs.load(config("plugin: fixture\n"), List.of("lora.r=4"), plugins);
        String yaml = c.toYaml();
        assertThat(yaml).contains("type: adamw", "examples: 512", "every_steps: 500", "r: 4", "init_from: null",
                "target_modules:", "enabled: true");
        Path again = dir.resolve("again.yaml");
        Files.writeString(again, yaml);
        ResolvedConfig back = ExperimentConfigs.load(again, List.of(), plugins);
        assertThat(back.toYaml()).isEqualTo(yaml);
        assertThat(back.spec().task()).isEqualTo(c.spec().task());
        assertThat(back.spec().trainer()).isEqualTo(c.spec().trainer());
    }

    @Test
    void unknownPluginListsTheKnownOnes() throws IOException {
        assertThat(error("plugin: dqm\n")).isEqualTo("plugin: unknown plugin \"dqm\"; known plugins: fixture");
        assertThat(error("seed: 1\n")).isEqualTo("plugin: missing; known plugins: fixture");
    }

    @Test
    void unknownKeysAreErrorsWithTheValidOnes() throws IOException {
        assertThat(error("plugin: fixture\ntrainer:\n  learning_rate: 0.1\n"))
                .startsWith("trainer.learning_rate: unknown key; valid keys: ").contains("batch_size", "optimizer");
        assertThat(error("plugin: fixture\nfixture:\n  hiden: 3\n"))
                .isEqualTo("fixture.hiden: unknown key; valid keys: examples, hidden, noise, weights_on_close");
        assertThat(error("plugin: fixture\ntrainr: {}\n"))
                .isEqualTo("trainr: unknown key; valid keys: plugin, seed, init_from, lora, trainer, checkpoint, export, fixture");
        assertThat(error("plugin: fixture\nlora:\n  rank: 4\n")).startsWith("lora.rank: unknown key; valid keys: ")
                .contains("alpha", "target_modules");

    }

    @Test
    void wrongTypesNameTheKeyAndValue() throws IOException {
        assertThat(error("plugin: fixture\ntrainer:\n  max_steps: many\n"))
                .isEqualTo("trainer.max_steps: \"many\" is not an integer");
        assertThat(error("plugin: fixture\nfixture:\n  hidden: 2.5\n"))
                .startsWith("fixture.hidden: ").contains("2.5");
        assertThat(error("plugin: fixture\ntrainer: [1, 2]\n"))
                .isEqualTo("trainer: expected a mapping of keys, got a list");
        assertThat(error("plugin: fixture\nseed: abc\n")).isEqualTo("seed: \"abc\" is not an integer");
        assertThat(error("plugin: fixture\nlora:\n  enabled: maybe\n")).isEqualTo("lora.enabled: \"maybe\" is not true or false");
    }

    @Test
    void outOfRangeValuesSayWhatIsAllowed() throws IOException {
        assertThat(error("plugin: fixture\ntrainer:\n  optimizer: {type: adamw, lr: -1}\n"))
                .isEqualTo("trainer.optimizer.lr must be > 0, got -1.0");
        assertThat(error("plugin: fixture\ntrainer:\n  optimizer: {lr: 0.1}\n"))
                .isEqualTo("trainer.optimizer.type: missing; known types: adamw, sgd");
        assertThat(error("plugin: fixture\ntrainer:\n  optimizer: {type: adam, lr: 0.1}\n"))
                .isEqualTo("trainer.optimizer.type: \"adam\" is not a known type; known types: adamw, sgd");
        assertThat(error("plugin: fixture\n", "lora.r=0")).isEqualTo("lora.r must be >= 1, got 0");
        assertThat(error("plugin: fixture\n", "fixture.examples=3"))
                .isEqualTo("fixture.examples must be >= 16, got 3");
        assertThat(error("plugin: fixture\nseed: -2\n")).isEqualTo("seed: -2 is out of range (must be >= 0)");
    }

    @Test
    void malformedFilesAndOverridesAreOneLine() throws IOException {
        assertThat(error("plugin: fixture\n  bad: [\n")).contains("not valid YAML");

    }

    @Test
    void badOverrideSyntaxNamesTheOverride() throws IOException {
        Path file = config("plugin: fixture\n");
        assertThatThrownBy(() -> ExperimentConfigs.load(file, List.of("lora.r"), plugins))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--set lora.r: expected key.path=value, e.g. lora.r=16");
    }

    @Test
    void trainerLrIsAnAliasOfTheOptimizersLrInFilesOverridesAndTheResolvedConfig() throws IOException {
        ResolvedConfig fromFile = ExperimentConfigs.load(config("plugin: fixture\ntrainer:\n  lr: 0.02\n"
                + "  optimizer: {type: sgd, momentum: 0.9}\n"), List.of(), plugins);
        assertThat(fromFile.spec().trainer().optimizer()).isInstanceOf(dev.lorakit.train.optim.SgdConfig.class);
        assertThat(fromFile.spec().trainer().optimizer().lr()).isEqualTo(0.02);
        assertThat(fromFile.toYaml()).contains("lr: 0.02").doesNotContain("trainer.lr");
        assertThat(ConfigMapper.YAML.readTree(fromFile.toYaml()).get("trainer").has("lr")).isFalse();

        // Without an optimizer section the alias changes the default optimizer's lr only.
        ResolvedConfig fromSet = ExperimentConfigs.load(config("plugin: fixture\n"), List.of("trainer.lr=3e-3"), plugins);
        dev.lorakit.train.optim.AdamWConfig defaults = dev.lorakit.train.optim.AdamWConfig.defaults();
        assertThat(fromSet.spec().trainer().optimizer()).isEqualTo(new dev.lorakit.train.optim.AdamWConfig(
                3e-3, defaults.beta1(), defaults.beta2(), defaults.eps(), defaults.weightDecay()));
        // The canonical key given later wins over the alias given earlier, and the other way round.
        assertThat(ExperimentConfigs.load(config("plugin: fixture\ntrainer: {lr: 0.5}\n"),
                List.of("trainer.optimizer.lr=0.25"), plugins).spec().trainer().optimizer().lr()).isEqualTo(0.25);
        assertThat(ExperimentConfigs.load(config("plugin: fixture\ntrainer: {optimizer: {type: adamw, lr: 0.5}}\n"),
                List.of("trainer.lr=0.125"), plugins).spec().trainer().optimizer().lr()).isEqualTo(0.125);
        // Validation names the canonical key.
        assertThat(error("plugin: fixture\n", "trainer.lr=-1")).isEqualTo("trainer.optimizer.lr must be > 0, got -1.0");
    }

    @Test
    void anAliasAndItsCanonicalKeyInOneMappingAreAnError() throws IOException {
        assertThat(error("plugin: fixture\ntrainer:\n  lr: 0.1\n  optimizer: {type: adamw, lr: 0.1}\n"))
                .isEqualTo("trainer.lr and trainer.optimizer.lr are both set (trainer.lr is an alias of "
                        + "trainer.optimizer.lr); keep one");
        assertThat(error("plugin: fixture\n", "trainer={lr: 0.1, optimizer: {type: sgd, lr: 0.2}}"))
                .startsWith("trainer.lr and trainer.optimizer.lr are both set");
    }

    @Test
    void overridingAnAbsentTypedSectionStartsFromItsDefaultType() throws IOException {
        ResolvedConfig c = ExperimentConfigs.load(config("plugin: fixture\n"),
                List.of("trainer.optimizer.weight_decay=0.01", "trainer.schedule.type=cosine"), plugins);
        assertThat(c.spec().trainer().optimizer()).isInstanceOf(dev.lorakit.train.optim.AdamWConfig.class);
        assertThat(c.toYaml()).contains("weight_decay: 0.01", "type: cosine");
        // A type written in the file is never replaced.
        assertThat(error("plugin: fixture\ntrainer:\n  optimizer: {lr: 0.1}\n"))
                .isEqualTo("trainer.optimizer.type: missing; known types: adamw, sgd");
    }
}
