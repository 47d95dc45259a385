package dev.lorakit.lora;

import static dev.lorakit.lora.TinyModels.forward;
import static dev.lorakit.lora.TinyModels.maxRelError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.lorakit.lora.TinyModels.Case;
import dev.lorakit.lora.io.SafetensorsFile;
import dev.lorakit.lora.io.SafetensorsFormatException;
import dev.lorakit.lora.peft.PeftAdapters;
import dev.lorakit.lora.peft.PeftFormat;
import dev.lorakit.lora.peft.PeftMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The table of tiny models × configs, each run through the same LoRA properties (PEFT's test_custom_models). */
class LoraPropertiesTest {

    @TempDir Path dir;
    private NDManager m;

    @BeforeEach
    void manager() {
        m = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        m.close();
    }

    static java.util.List<Case> cases() {
        return TinyModels.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void freshAdapterLeavesOutputUnchanged(Case c) {
        Block root = TinyModels.build(c, m);
        NDArray x = TinyModels.input(c, m);
        NDArray before = forward(root, x);
        LoraModel lora = LoraModel.builder().setBlock(root).setConfig(c.config()).build();
        assertThat(lora.loraLayers()).isNotEmpty();
        NDArray after = forward(root, x);
        if (c.config().init() == LoraInit.PISSA) {
            assertThat(maxRelError(after, before)).isLessThan(1e-5);
        } else {
            assertThat(after.contentEquals(before)).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void trainingChangesOnlyAdapterAndModulesToSave(Case c) {
        Block root = TinyModels.build(c, m);
        LoraModel lora = LoraModel.builder().setBlock(root).setConfig(c.config()).build();
        Map<String, NDArray> before = TinyModels.snapshot(root);
        Set<String> trainable = lora.trainableParameters().keySet();
        TinyModels.train(root, c, m, 5);
        Map<String, Parameter> after = ModuleTree.namedParameters(root);
        boolean anyAdapterChanged = false;
        for (Map.Entry<String, NDArray> e : before.entrySet()) {
            boolean same = after.get(e.getKey()).getArray().contentEquals(e.getValue());
            if (trainable.contains(e.getKey())) {
                anyAdapterChanged |= !same;
            } else {
                assertThat(same).as("frozen %s is bit-identical", e.getKey()).isTrue();
                assertThat(after.get(e.getKey()).requiresGradient()).as("%s is frozen", e.getKey()).isFalse();
                assertThat(after.get(e.getKey()).getArray().hasGradient()).as("no gradient kept for frozen %s", e.getKey()).isFalse();
            }
        }
        assertThat(anyAdapterChanged).isTrue();
        for (String t : trainable) {
            boolean allowed = t.contains(".lora_") || c.config().modulesToSave().stream().anyMatch(s -> t.startsWith(s + "."))
                    || (c.config().bias() == LoraBias.LORA_ONLY && t.endsWith(".bias") && lora.loraLayers().containsKey(t.substring(0, t.length() - 5)))
                    || (c.config().bias() == LoraBias.ALL && t.endsWith(".bias"));
            assertThat(allowed).as("%s may train", t).isTrue();
        }
        assertThat(lora.summary()).contains("trainable params:").contains(lora.loraLayers().keySet().iterator().next());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mergeMatchesUnmergedAndUnmergeRestores(Case c) {
        Block root = TinyModels.build(c, m);
        LoraModel lora = LoraModel.builder().setBlock(root).setConfig(c.config()).build();
        TinyModels.train(root, c, m, 5);
        NDArray x = TinyModels.input(c, m);
        NDArray unmerged = forward(root, x);
        Map<String, NDArray> base = TinyModels.snapshot(root);
        lora.merge();
        assertThat(lora.mergedAdapters()).containsExactly(LoraModel.DEFAULT_ADAPTER);
        assertThat(maxRelError(forward(root, x), unmerged)).isLessThanOrEqualTo(1e-5);
        assertThatThrownBy(lora::merge).isInstanceOf(IllegalStateException.class).hasMessageContaining("already merged");
        lora.unmerge();
        Map<String, Parameter> now = ModuleTree.namedParameters(root);
        for (Map.Entry<String, NDArray> e : base.entrySet()) {
            assertThat(now.get(e.getKey()).getArray().sub(e.getValue()).abs().max().getFloat()).as(e.getKey()).isLessThanOrEqualTo(1e-6f);
        }
        assertThat(maxRelError(forward(root, x), unmerged)).isLessThanOrEqualTo(1e-5);
        Block plain = lora.mergeAndUnload();
        assertThat(ModuleTree.namedModules(plain).values()).noneMatch(b -> b instanceof LoraLayer);
        assertThat(ModuleTree.namedParameters(plain).keySet()).noneMatch(k -> k.contains("lora_"));
        assertThat(maxRelError(forward(plain, x), unmerged)).isLessThanOrEqualTo(1e-5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void disabledAdapterGivesBaseOutput(Case c) {
        assumeTrue(c.config().init() != LoraInit.PISSA, "PiSSA replaces the base weight by the residual, so the disabled output is the residual model's (as in PEFT)");
        Block root = TinyModels.build(c, m);
        NDArray x = TinyModels.input(c, m);
        NDArray base = forward(root, x);
        LoraModel lora = LoraModel.builder().setBlock(root).setConfig(c.config()).build();
        TinyModels.train(root, c, m, 5);
        NDArray trained = forward(root, x);
        assertThat(trained.contentEquals(base)).isFalse();
        try (var off = lora.disableAdapters()) {
            assertThat(forward(root, x).contentEquals(base)).isTrue();
        }
        assertThat(forward(root, x).contentEquals(trained)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void saveThenLoadReproducesOutputsExactly(Case c) throws IOException {
        Block root = TinyModels.build(c, m);
        Map<String, NDArray> pristine = TinyModels.snapshot(root);
        LoraModel lora = LoraModel.builder().setBlock(root).setConfig(c.config()).build();
        TinyModels.train(root, c, m, 5);
        NDArray x = TinyModels.input(c, m);
        NDArray trained = forward(root, x);
        PeftAdapters.save(lora, dir, new PeftMetadata("tiny/" + c.name(), null));

        Set<String> inFile = new HashSet<>();
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve(PeftFormat.WEIGHTS_FILE))) {
            f.names().forEach(k -> inFile.add(PeftFormat.toInternalKey(k, LoraModel.DEFAULT_ADAPTER)));
        }
        Block fresh = TinyModels.build(c, m);
        TinyModels.copyInto(pristine, fresh);
        // The base the adapter goes on: PiSSA's residual weights; saved tensors come from the file.
        Map<String, NDArray> current = TinyModels.snapshot(root);
        current.keySet().removeIf(k -> k.contains(".lora_") || inFile.contains(k));
        TinyModels.copyInto(current, fresh);

        LoraModel loaded = PeftAdapters.load(fresh, dir);
        assertThat(forward(fresh, x).contentEquals(trained)).isTrue();
        assertThat(loaded.loraLayers().keySet()).isEqualTo(lora.loraLayers().keySet());
        assertThat(loaded.config(LoraModel.DEFAULT_ADAPTER).targetModules()).isEqualTo(c.config().targetModules());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void corruptedAdapterFileFailsCleanly(Case c) throws IOException {
        Block root = TinyModels.build(c, m);
        LoraModel lora = LoraModel.builder().setBlock(root).setConfig(c.config()).build();
        PeftAdapters.save(lora, dir, PeftMetadata.NONE);
        Path weights = dir.resolve(PeftFormat.WEIGHTS_FILE);
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(bytes, bytes.length - 3));

        Block fresh = TinyModels.build(c, m);
        Map<String, NDArray> before = TinyModels.snapshot(fresh);
        assertThatThrownBy(() -> PeftAdapters.load(fresh, dir))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining(weights.toString())
                .hasMessageContaining("truncated");
        assertThat(ModuleTree.namedModules(fresh).values()).noneMatch(b -> b instanceof LoraLayer);
        Map<String, Parameter> after = ModuleTree.namedParameters(fresh);
        before.forEach((k, v) -> assertThat(after.get(k).getArray().contentEquals(v)).as(k).isTrue());
    }
}
