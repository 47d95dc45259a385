package dev.lorakit.lora;

import static dev.lorakit.lora.TinyModels.forward;
import static dev.lorakit.lora.TinyModels.maxRelError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoraModelTest {

    private NDManager m;
    private Block root;
    private NDArray x;

    @BeforeEach
    void setUp() {
        m = NDManager.newBaseManager();
        root = new TinyModels.Head();
        root.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(5, 7));
        x = m.randomNormal(new Shape(5, 7));
    }

    @AfterEach
    void tearDown() {
        m.close();
    }

    /** Gives every adapter B random values so that adapters visibly change the output. */
    private void randomizeB(LoraModel lora, String adapter) {
        lora.loraLayers().values().forEach(l -> {
            if (l.adapters().contains(adapter)) {
                NDArray b = l.adapters().b(adapter).getArray();
                b.set(m.randomNormal(b.getShape()).toFloatArray());
            }
        });
    }

    @Test
    void targetMatchingNothingListsCandidates() {
        assertThatThrownBy(() -> LoraModel.builder().setBlock(root).setConfig(LoraConfig.of("qury")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'qury' matched no layer")
                .hasMessageContaining("[fc1, fc2, head]");
        // Also when only some targets match nothing (peft #1959).
        assertThatThrownBy(() -> LoraModel.builder().setBlock(root).setConfig(LoraConfig.of("fc1", "fc9")).build())
                .hasMessageContaining("'fc9' matched no layer")
                .hasMessageNotContaining("'fc1'");
        assertThatThrownBy(() -> LoraModel.builder().setBlock(root).setConfig(LoraConfig.of("regex:fc.").withExcludeModules("fc1", "fc2")).build())
                .hasMessageContaining("matched only excluded layers [fc1, fc2]");
        assertThat(ModuleTree.namedModules(root).values()).noneMatch(b -> b instanceof LoraLayer);
    }

    @Test
    void matchingIsExactOrDottedSuffixAndRegexOnlyWithPrefix() {
        assertThat(TargetMatcher.matches("query", "encoder.layer.0.attention.self.query")).isTrue();
        assertThat(TargetMatcher.matches("self.query", "encoder.layer.0.attention.self.query")).isTrue();
        assertThat(TargetMatcher.matches("query", "encoder.layer.0.attention.self.subquery")).isFalse();
        assertThat(TargetMatcher.matches("layer.0.*", "encoder.layer.0.attention")).isFalse();
        assertThat(TargetMatcher.matches("regex:.*layer\\.0\\..*query", "encoder.layer.0.attention.self.query")).isTrue();
        assertThat(TargetMatcher.matches("regex:query", "encoder.layer.0.attention.self.query")).isFalse();
    }

    @Test
    void inspectListsMatchesWithoutChangingTheModel() {
        InjectionPlan plan = LoraModel.inspect(root, LoraConfig.of("fc1", "fc2").withR(4).withPatterns(Map.of("fc2", 2), Map.of()).withModulesToSave("head"));
        assertThat(plan.layers()).extracting(LayerMatch::path).containsExactly("fc1", "fc2");
        assertThat(plan.layers().get(0).aShape()).isEqualTo(new Shape(4, 7));
        assertThat(plan.layers().get(1).rank()).isEqualTo(2);
        assertThat(plan.layers().get(1).bShape()).isEqualTo(new Shape(6, 2));
        assertThat(plan.modulesToSave()).containsExactly("head");
        assertThat(plan.describe()).contains("fc1").contains("r=2").contains("modules to save");
        assertThat(ModuleTree.namedModules(root).values()).noneMatch(b -> b instanceof LoraLayer);
    }

    @Test
    void injectionReplacesTypedFieldsAndSharesBaseArrays() {
        Linear fc1 = ((TinyModels.Head) root).fc1;
        NDArray w = fc1.getParameters().get("weight").getArray();
        LoraModel.builder().setBlock(root).setConfig(LoraConfig.of("fc1")).build();
        assertThat(((TinyModels.Head) root).fc1).isInstanceOf(LoraLinear.class);
        assertThat(((LoraLinear) ((TinyModels.Head) root).fc1).baseWeight().getArray()).isSameAs(w);
        assertThat(ModuleTree.namedParameters(root).keySet()).contains("fc1.weight", "fc1.lora_A.default.weight", "fc1.lora_B.default.weight");
    }

    @Test
    void namedAdaptersSelectDisableAndDelete() {
        LoraModel lora = LoraModel.builder().setBlock(root).setConfig(LoraConfig.of("fc1", "fc2")).build();
        NDArray base = forward(root, x);
        randomizeB(lora, "default");
        NDArray first = forward(root, x);
        lora.addAdapter("other", LoraConfig.of("fc2").withR(2));
        randomizeB(lora, "other");
        assertThat(lora.activeAdapters()).containsExactly("default");
        assertThat(forward(root, x).contentEquals(first)).isTrue();
        assertThat(lora.trainableParameters().keySet()).allMatch(k -> k.contains(".default."));

        lora.setActiveAdapter("other");
        NDArray second = forward(root, x);
        assertThat(second.contentEquals(first)).isFalse();
        assertThat(lora.trainableParameters().keySet()).containsExactlyInAnyOrder("fc2.lora_A.other.weight", "fc2.lora_B.other.weight");
        try (var off = lora.disableAdapters()) {
            assertThat(forward(root, x).contentEquals(base)).isTrue();
        }
        lora.deleteAdapter("other");
        assertThat(lora.adapterNames()).containsExactly("default");
        assertThat(lora.activeAdapters()).containsExactly("default");
        assertThat(ModuleTree.namedParameters(root).keySet()).noneMatch(k -> k.contains(".other."));
        assertThat(forward(root, x).contentEquals(first)).isTrue();
        lora.deleteAdapter("default");
        assertThat(ModuleTree.namedModules(root).values()).noneMatch(b -> b instanceof LoraLayer);
        assertThat(forward(root, x).contentEquals(base)).isTrue();
    }

    @Test
    void mergeStackUnmergesInReverseAndChecksForNan() {
        LoraModel lora = LoraModel.builder().setBlock(root).setConfig(LoraConfig.of("fc1", "fc2")).build();
        lora.addAdapter("b", LoraConfig.of("fc1"));
        randomizeB(lora, "default");
        randomizeB(lora, "b");
        NDArray w = lora.loraLayers().get("fc1").baseWeight().getArray().duplicate();
        lora.setActiveAdapter("default", "b");
        NDArray both = forward(root, x);
        lora.merge("default");
        lora.merge("b");
        assertThat(lora.loraLayers().get("fc1").adapters().merged()).containsExactly("b", "default");
        assertThat(maxRelError(forward(root, x), both)).isLessThan(1e-5);
        lora.unmerge();
        assertThat(lora.mergedAdapters()).isEmpty();
        assertThat(lora.loraLayers().get("fc1").baseWeight().getArray().sub(w).abs().max().getFloat()).isLessThan(1e-6f);

        lora.addAdapter("broken", LoraConfig.of("fc2"));
        lora.loraLayers().get("fc2").adapters().b("broken").getArray().set(new float[] {Float.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        NDArray fc2Before = lora.loraLayers().get("fc2").baseWeight().getArray().duplicate();
        assertThatThrownBy(() -> lora.merge("default", "broken"))
                .hasMessageContaining("Adapter 'broken'")
                .hasMessageContaining("'fc2'")
                .hasMessageContaining("nothing was merged");
        assertThat(lora.loraLayers().get("fc2").baseWeight().getArray().contentEquals(fc2Before)).isTrue();
        assertThat(lora.mergedAdapters()).isEmpty();
    }

    @Test
    void weightedCatIsExactAndLinearFollowsPeft() {
        LoraModel lora = LoraModel.builder().setBlock(root).setConfig(LoraConfig.of("fc1", "fc2").withR(4).withAlpha(8)).build();
        lora.addAdapter("b", LoraConfig.of("fc1", "fc2").withR(4).withAlpha(4));
        randomizeB(lora, "default");
        randomizeB(lora, "b");
        LoraLayer fc1 = lora.loraLayers().get("fc1");
        NDArray expected = fc1.deltaWeight("default").mul(0.7f).add(fc1.deltaWeight("b").mul(0.3f));

        lora.addWeightedAdapter(List.of("default", "b"), List.of(0.7, 0.3), "cat", WeightedCombination.CAT);
        assertThat(fc1.adapters().info("cat").rank()).isEqualTo(8);
        assertThat(fc1.adapters().info("cat").scale()).isEqualTo(1.0);
        assertThat(maxRelError(fc1.deltaWeight("cat"), expected)).isLessThan(1e-5);

        lora.addWeightedAdapter(List.of("default", "b"), List.of(0.7, 0.3), "lin", WeightedCombination.LINEAR);
        NDArray a = fc1.adapters().a("default").getArray().mul((float) (Math.sqrt(0.7) * 2)).add(fc1.adapters().a("b").getArray().mul((float) Math.sqrt(0.3)));
        NDArray b = fc1.adapters().b("default").getArray().mul((float) Math.sqrt(0.7)).add(fc1.adapters().b("b").getArray().mul((float) Math.sqrt(0.3)));
        assertThat(maxRelError(fc1.deltaWeight("lin"), b.matMul(a))).isLessThan(1e-5);

        lora.addAdapter("r2", LoraConfig.of("fc1").withR(2));
        assertThatThrownBy(() -> lora.addWeightedAdapter(List.of("default", "r2"), List.of(1.0, 1.0), "bad", WeightedCombination.LINEAR))
                .hasMessageContaining("equal ranks");
    }

    @Test
    void scaleFollowsRsloraAndPatterns() {
        LoraConfig c = LoraConfig.of("fc1", "fc2").withR(4).withAlpha(8).withPatterns(Map.of("fc2", 16), Map.of("fc2", 2.0));
        assertThat(c.scaleFor("fc1")).isEqualTo(2.0);
        assertThat(c.scaleFor("fc2")).isEqualTo(2.0 / 16);
        assertThat(c.withRslora(true).scaleFor("fc1")).isEqualTo(8 / 2.0);
        LoraModel lora = LoraModel.builder().setBlock(root).setConfig(c.withRslora(true)).build();
        assertThat(lora.loraLayers().get("fc2").adapters().info("default").scale()).isEqualTo(2.0 / 4);
        assertThat(lora.loraLayers().get("fc2").adapters().a("default").getArray().getShape()).isEqualTo(new Shape(16, 10));
    }

    @Test
    void defaultInitMatchesPeftKaimingBound() {
        LoraModel lora = LoraModel.builder().setBlock(root).setConfig(LoraConfig.of("fc1").withR(8)).build();
        NDArray a = lora.loraLayers().get("fc1").adapters().a("default").getArray();
        double bound = 1 / Math.sqrt(7);
        assertThat(a.abs().max().getFloat()).isLessThanOrEqualTo((float) bound).isGreaterThan((float) (bound * 0.8));
        assertThat(lora.loraLayers().get("fc1").adapters().b("default").getArray().abs().sum().getFloat()).isZero();
    }

    @Test
    void pissaTakesTopSingularDirections() {
        float[] w = new float[6 * 5];
        double[] sigma = {5, 3, 1, 0.5, 0.1};
        java.util.Random rng = new java.util.Random(3);
        // W = Σ σ_i e_i f_iᵀ with permuted axes: the top-2 directions are known.
        for (int i = 0; i < 5; i++) {
            w[((i + 2) % 6) * 5 + ((i + 1) % 5)] = (float) sigma[i];
        }
        TopSvd svd = TopSvd.of(w, 6, 5, 2, rng);
        assertThat(svd.s()[0]).isCloseTo(5, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(svd.s()[1]).isCloseTo(3, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(Math.abs(svd.vt()[1])).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(Math.abs(svd.u()[2 * 2])).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-6));
    }

    /** A block whose second layer sits in a field no LoRA layer fits. */
    static final class Pinned extends ai.djl.nn.AbstractBlock {
        final Linear first;
        final PinnedLinear second;

        static final class PinnedLinear extends Linear {
            PinnedLinear() {
                super(Linear.builder().setUnits(4));
            }
        }

        Pinned() {
            first = addChildBlock("first", Linear.builder().setUnits(4).build());
            second = addChildBlock("second", new PinnedLinear());
        }

        @Override
        protected ai.djl.ndarray.NDList forwardInternal(ai.djl.training.ParameterStore ps, ai.djl.ndarray.NDList in, boolean training, ai.djl.util.PairList<String, Object> params) {
            return second.forward(ps, first.forward(ps, in, training), training);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return second.getOutputShapes(first.getOutputShapes(inputShapes));
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, ai.djl.ndarray.types.DataType dataType, Shape... inputShapes) {
            first.initialize(manager, dataType, inputShapes);
            second.initialize(manager, dataType, first.getOutputShapes(inputShapes));
        }
    }

    @Test
    void injectsIntoUserBuiltParallelAndSequentialTrees() {
        ai.djl.nn.ParallelBlock parallel = new ai.djl.nn.ParallelBlock(
                list -> new ai.djl.ndarray.NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                List.of(Linear.builder().setUnits(4).build(),
                        new ai.djl.nn.SequentialBlock().add(Linear.builder().setUnits(6).build()).add(Linear.builder().setUnits(4).build())));
        Block tree = new ai.djl.nn.SequentialBlock().add(parallel).add(Linear.builder().setUnits(2).build());
        tree.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(3, 5));
        NDArray in = m.randomNormal(new Shape(3, 5));
        NDArray before = forward(tree, in);
        LoraModel lora = LoraModel.builder().setBlock(tree).setConfig(LoraConfig.of("0.0", "0.1.1", "1")).build();
        assertThat(lora.loraLayers().keySet()).containsExactly("0.0", "0.1.1", "1");
        assertThat(forward(tree, in).contentEquals(before)).isTrue();
        assertThatThrownBy(() -> LoraModel.inspect(tree, LoraConfig.of("regex:0\\.1")))
                .hasMessageContaining("matched only containers [0.1], not layers");
        Block mlp = TinyModels.mlp();
        mlp.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 3));
        assertThatThrownBy(() -> LoraModel.inspect(mlp, LoraConfig.of("regex:.*")))
                .hasMessageContaining("matched '1', a LambdaBlock")
                .hasMessageContaining("Linear, Conv2d and Embedding");
        randomizeB(lora, "default");
        NDArray adapted = forward(tree, in);
        assertThat(adapted.contentEquals(before)).isFalse();
        lora.merge();
        assertThat(maxRelError(forward(tree, in), adapted)).isLessThan(1e-5);
    }

    @Test
    void failedInjectionLeavesTheModelUnchanged() {
        Pinned pinned = new Pinned();
        pinned.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 3));
        NDArray in = m.randomNormal(new Shape(2, 3));
        NDArray before = forward(pinned, in);
        NDArray w = pinned.first.getParameters().get("weight").getArray().duplicate();
        assertThatThrownBy(() -> LoraModel.builder().setBlock(pinned).setConfig(LoraConfig.of("first", "second").withR(2).withInit(LoraInit.PISSA)).build())
                .hasMessageContaining("field Pinned.second")
                .hasMessageContaining("declare the field");
        assertThat(pinned.first).isNotInstanceOf(LoraLayer.class);
        assertThat(ModuleTree.namedModules(pinned).values()).noneMatch(b -> b instanceof LoraLayer);
        assertThat(pinned.first.getParameters().get("weight").getArray().sub(w).abs().max().getFloat()).isLessThan(1e-6f);
        assertThat(maxRelError(forward(pinned, in), before)).isLessThan(1e-6);
    }

    @Test
    void builderRequiresBlockAndConfig() {
        assertThatThrownBy(() -> LoraModel.builder().setBlock(root).build()).hasMessageContaining("setConfig");
        assertThatThrownBy(() -> LoraModel.builder().setBlock(root).setConfig(LoraConfig.of("head")).optAdapterName("a.b").build()).hasMessageContaining("no '.'");
    }
}
