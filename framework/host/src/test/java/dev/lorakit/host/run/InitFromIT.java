package dev.lorakit.host.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.host.config.ConfigException;
import dev.lorakit.host.config.ExperimentConfigs;
import dev.lorakit.host.config.ResolvedConfig;
import dev.lorakit.host.plugin.PluginLoader;
import dev.lorakit.host.plugin.PluginRegistry;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.io.SafetensorsFile;
import dev.lorakit.lora.peft.PeftAdapters;
import dev.lorakit.train.checkpoint.Checkpoint;
import dev.lorakit.train.checkpoint.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code init_from} with real fixture runs as sources: a full fine-tuning run, a LoRA run with
 * full checkpoints and a LoRA run with adapter-only checkpoints. A model started from a LoRA
 * source must compute what the source's model computed; LoRA runs then train fresh adapters on
 * top.
 */
class InitFromIT {

    private static final String SETTINGS = "seed: 3\n"
            + "trainer: {max_steps: 20, eval_every: 10, log_every: 5, optimizer: {type: adamw, lr: 0.02}}\n"
            + "fixture: {examples: 128, hidden: 8}\n";

    @TempDir static Path tmp;

    private static PluginRegistry plugins;
    private static Path full;
    private static Path loraFull;
    private static Path loraAdapterOnly;

    @BeforeAll
    static void runSources() throws Exception {
        plugins = PluginLoader.builder().optClasspath(InitFromIT.class.getClassLoader()).build().load();
        full = run("full", "lora: {enabled: false}\ncheckpoint: {every_steps: 10, keep_last: 2}\n");
        loraFull = run("lora-full", "lora: {r: 2, alpha: 4}\ncheckpoint: {every_steps: 10}\n");
        loraAdapterOnly = run("lora-adapter-only", "lora: {r: 2, alpha: 4}\ncheckpoint: {every_steps: 10, adapter_only: true}\n");
    }

    @AfterAll
    static void close() {
        plugins.close();
    }

    private static Path run(String name, String yaml) throws Exception {
        return ExperimentRunner.builder().setConfig(config(name, yaml)).optRunDirectory(tmp.resolve(name))
                .optProgress(false).build().run().runDirectory();
    }

    private static ResolvedConfig config(String name, String yaml) throws Exception {
        Path file = tmp.resolve(name + ".yaml");
        Files.writeString(file, "plugin: fixture\n" + SETTINGS + yaml);
        return ExperimentConfigs.load(file, List.of(), plugins);
    }

    /** The fixture's model as a run of {@code hidden} units with seed 3 initialises it. */
    private static Block freshModel(NDManager manager, int hidden) throws Exception {
        return TestModels.initialModel(config("probe", "", List.of("fixture.hidden=" + hidden)), tmp.resolve("probe"),
                manager);
    }

    private static ResolvedConfig config(String name, String yaml, List<String> overrides) throws Exception {
        Path file = tmp.resolve(name + ".yaml");
        Files.writeString(file, "plugin: fixture\n" + SETTINGS + yaml);
        return ExperimentConfigs.load(file, overrides, plugins);
    }

    private static float[] forward(Block block, NDManager manager) {
        return TestModels.forward(block, manager);
    }

    private static Path load(String initFrom, Block block, NDManager manager) {
        return InitFrom.load(initFrom, p -> tmp.resolve(p).normalize(), block, manager);
    }

    @Test
    void aFullCheckpointGivesEveryWeightOfTheNewestCheckpoint() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = freshModel(manager, 8);
            Path used = load("full", block, manager);
            assertThat(used.getFileName().toString()).isEqualTo("step-000020");
            try (SafetensorsFile saved = SafetensorsFile.open(used.resolve("parameters.safetensors"))) {
                Map<String, ai.djl.nn.Parameter> params = ModuleTree.namedParameters(block);
                assertThat(params).hasSize(6);
                for (Map.Entry<String, ai.djl.nn.Parameter> p : params.entrySet()) {
                    assertThat(p.getValue().getArray().toFloatArray()).as(p.getKey()).containsExactly(saved.floats(p.getKey()));
                }
            }
        }
    }

    @Test
    void bestPicksTheCheckpointWithTheBestMainMetricAndCheckpointDirectoriesWorkToo() throws Exception {
        CheckpointStore store = CheckpointStore.builder().setDirectory(full.resolve("checkpoints")).build();
        List<Checkpoint> all = store.list();
        assertThat(all).hasSize(2);
        Checkpoint best = all.stream().max(Comparator.comparingDouble(c -> c.metrics().get("eval/accuracy")))
                .orElseThrow();
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThat(load("full@best", freshModel(manager, 8), manager)).isEqualTo(best.directory());
            assertThat(load("full@latest", freshModel(manager, 8), manager).getFileName().toString())
                    .isEqualTo("step-000020");
            assertThat(load("full/checkpoints/step-000010", freshModel(manager, 8), manager).getFileName().toString())
                    .isEqualTo("step-000010");
        }
    }

    @Test
    void aLoraRunsFullCheckpointStartsFromTheAdaptedModelWithTheAdaptersMergedIn() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] adapted = forward(withExportedAdapter(loraFull, manager), manager);
            Block block = freshModel(manager, 8);
            load("lora-full", block, manager);
            assertThat(ModuleTree.namedParameters(block).keySet()).noneMatch(n -> n.contains("lora_"));
            assertThat(forward(block, manager)).containsExactly(adapted, org.assertj.core.data.Offset.offset(1e-5f));
            assertThat(ModuleTree.namedParameters(block).values()).allMatch(p -> p.requiresGradient());
        }
    }

    @Test
    void anAdapterOnlyCheckpointAndAnAdapterFolderApplyTheAdapterToThePluginsBase() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] adapted = forward(withExportedAdapter(loraAdapterOnly, manager), manager);
            Block fromCheckpoint = freshModel(manager, 8);
            load("lora-adapter-only", fromCheckpoint, manager);
            assertThat(forward(fromCheckpoint, manager)).containsExactly(adapted, org.assertj.core.data.Offset.offset(1e-5f));
            Block fromFolder = freshModel(manager, 8);
            assertThat(load("lora-adapter-only/adapter", fromFolder, manager).getFileName()).hasToString("adapter");
            assertThat(forward(fromFolder, manager)).containsExactly(adapted, org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    /** The source run's final model, rebuilt independently: its base plus its exported PEFT adapter. */
    private static Block withExportedAdapter(Path run, NDManager manager) throws Exception {
        Block base = freshModel(manager, 8);
        return PeftAdapters.load(base, run.resolve("adapter")).getBlock();
    }

    @Test
    void aWeightsFileOrMergedFolderGivesEveryWeightStrictly() throws Exception {
        Path file = loraFull.resolve("checkpoints/step-000020/parameters.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            // A LoRA run's checkpoint has adapter tensors the plain model lacks: refused, naming them.
            ConfigException e = catchThrowableOfType(ConfigException.class,
                    () -> load(tmp.relativize(file).toString(), freshModel(manager, 8), manager));
            assertThat(e.getMessage()).contains("does not fit this model", "0.lora_A.default.weight");
            // A full run's weights file loads every tensor, as does a folder holding model.safetensors.
            Path merged = tmp.resolve("merged-like");
            Files.createDirectories(merged);
            Files.copy(full.resolve("checkpoints/step-000020/parameters.safetensors"), merged.resolve("model.safetensors"));
            Block block = freshModel(manager, 8);
            assertThat(load("merged-like", block, manager)).isEqualTo(merged.resolve("model.safetensors"));
            Block reference = freshModel(manager, 8);
            load("full", reference, manager);
            assertThat(forward(block, manager)).containsExactly(forward(reference, manager));
        }
    }

    @Test
    void aRunStartsFromTheSourceAndTrainsFreshAdaptersOnTop() throws Exception {
        // A learning rate too small to change anything: the run evaluates the source's final model.
        ResolvedConfig c = config("continued", "init_from: full\nlora: {r: 2}\ncheckpoint: {every_steps: 0}\n",
                List.of("trainer.max_steps=1", "trainer.lr=1e-12"));
        RunSummary continued = ExperimentRunner.builder().setConfig(c).optRunDirectory(tmp.resolve("continued"))
                .optProgress(false).build().run().summary();
        Map<String, Double> source = new ObjectMapper().convertValue(new ObjectMapper()
                .readTree(full.resolve("summary.json").toFile()).get("final_metrics"), Map.class);
        assertThat(continued.finalMetrics().get("eval/accuracy")).isEqualTo(source.get("eval/accuracy"));
        assertThat(continued.fineTuning()).isEqualTo("lora");
        assertThat(continued.trainableParameters()).isEqualTo(2 * (2 + 8) + 2 * (8 + 8) + 8 * 2 + 2);
    }

    @Test
    void unusableSourcesAreOneLineErrorsNamingThePath() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThat(error("nowhere", manager)).isEqualTo("init_from: nowhere: " + tmp.resolve("nowhere") + " does not exist");
            Files.createDirectories(tmp.resolve("empty/dir"));
            assertThat(error("empty/dir", manager)).startsWith("init_from: empty/dir: ")
                    .contains("is neither a run directory (no checkpoints/), an adapter folder");
            // Another model shape: the tensor and both shapes are named.
            ConfigException e = catchThrowableOfType(ConfigException.class,
                    () -> load("full", freshModel(manager, 16), manager));
            assertThat(e.getMessage()).doesNotContain("\n").startsWith("init_from: full: ")
                    .contains("does not fit this model", "'0.weight'", "(8, 2)", "(16, 2)");
            // A run whose only checkpoints are damaged.
            Path broken = tmp.resolve("broken");
            TestFiles.copyTree(full, broken);
            for (String step : List.of("step-000010", "step-000020")) {
                Files.writeString(broken.resolve("checkpoints/" + step + "/parameters.safetensors"), "garbage");
            }
            assertThat(error("broken", manager)).startsWith("init_from: broken: ")
                    .contains("is a run directory without a valid checkpoint", "parameters.safetensors has");
            assertThat(error("lora-full/adapter@best", manager)).contains("@best applies to run directories");
            Files.delete(broken.resolve("summary.json"));
            assertThat(error("broken@best", manager)).contains("has no summary.json");
        }
    }

    private String error(String initFrom, NDManager manager) throws Exception {
        Block block = freshModel(manager, 8);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(initFrom, block, manager));
        assertThat(e).as(initFrom).isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n");
        return e.getMessage();
    }

}
