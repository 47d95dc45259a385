package dev.lorakit.zoo.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.lorakit.lora.ModuleTree;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BertModelTest {

    static BertConfig tiny(BertConfig.Family family) {
        return new BertConfig(family, 50, 16, 2, 4, 32, BertConfig.GELU, 0.1f, 0.1f, 24, 2, 1e-12f,
                family == BertConfig.Family.ROBERTA ? 1 : 0);
    }

    /** The keys of a Hugging Face BertModel state dict with this many layers. */
    static List<String> hfKeys(int layers, boolean pooler) {
        List<String> keys = new ArrayList<>();
        for (String e : List.of("word_embeddings", "position_embeddings", "token_type_embeddings")) {
            keys.add("embeddings." + e + ".weight");
        }
        keys.add("embeddings.LayerNorm.weight");
        keys.add("embeddings.LayerNorm.bias");
        for (int i = 0; i < layers; i++) {
            String p = "encoder.layer." + i + ".";
            for (String m : List.of("attention.self.query", "attention.self.key", "attention.self.value",
                    "attention.output.dense", "attention.output.LayerNorm", "intermediate.dense",
                    "output.dense", "output.LayerNorm")) {
                keys.add(p + m + ".weight");
                keys.add(p + m + ".bias");
            }
        }
        if (pooler) {
            keys.add("pooler.dense.weight");
            keys.add("pooler.dense.bias");
        }
        return keys;
    }

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private BertModel initialized(BertConfig config, boolean pooler) {
        BertModel m = BertModel.builder().setConfig(config).optPooler(pooler).build();
        m.initialize(manager, DataType.FLOAT32, new Shape(1, 3), new Shape(1, 3));
        return m;
    }

    @Test
    void parameterNamesAreTheHuggingFaceKeys() {
        BertModel m = initialized(tiny(BertConfig.Family.BERT), true);
        assertThat(ModuleTree.namedParameters(m).keySet())
                .containsExactlyInAnyOrderElementsOf(hfKeys(2, true));
        assertThat(ModuleTree.namedParameters(m).get("encoder.layer.1.intermediate.dense.weight")
                        .getArray().getShape()).isEqualTo(new Shape(32, 16));
        assertThat(ModuleTree.namedParameters(initialized(tiny(BertConfig.Family.BERT), false)).keySet())
                .containsExactlyInAnyOrderElementsOf(hfKeys(2, false));
    }

    @Test
    void outputsHaveTheDocumentedShapes() {
        BertModel m = initialized(tiny(BertConfig.Family.BERT), true);
        NDArray ids = manager.create(new long[][] {{2, 7, 9, 3, 0}, {2, 8, 3, 0, 0}});
        NDArray mask = manager.create(new long[][] {{1, 1, 1, 1, 0}, {1, 1, 1, 0, 0}});
        NDList out = m.forward(new ParameterStore(manager, false), new NDList(ids, mask), false);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).getShape()).isEqualTo(new Shape(2, 5, 16));
        assertThat(out.get(1).getShape()).isEqualTo(new Shape(2, 16));
    }

    @Test
    void paddingDoesNotChangeRealTokenStates() {
        for (BertConfig.Family family : BertConfig.Family.values()) {
            BertConfig cfg = tiny(family);
            BertModel m = initialized(cfg, false);
            long pad = cfg.padTokenId();
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray alone = m.forward(ps, new NDList(manager.create(new long[][] {{2, 7, 9, 3}}),
                    manager.create(new long[][] {{1, 1, 1, 1}})), false).head();
            NDArray padded = m.forward(ps, new NDList(
                    manager.create(new long[][] {{2, 7, 9, 3, pad, pad, pad}, {2, 5, 6, 7, 8, 9, 3}}),
                    manager.create(new long[][] {{1, 1, 1, 1, 0, 0, 0}, {1, 1, 1, 1, 1, 1, 1}})), false).head();
            NDArray realPart = padded.get(new NDIndex("0:1, 0:4, :"));
            assertThat(realPart.sub(alone).abs().max().getFloat()).as(family.name()).isLessThan(1e-5f);
        }
    }

    @Test
    void robertaPositionIdsStartAfterThePaddingIndex() {
        BertConfig cfg = tiny(BertConfig.Family.ROBERTA);
        BertEmbeddings emb = new BertEmbeddings(cfg);
        NDArray pos = emb.positionIds(manager.create(new long[][] {{0, 5, 6, 2, 1, 1}}));
        assertThat(pos.toLongArray()).containsExactly(2, 3, 4, 5, 1, 1);
        BertEmbeddings bert = new BertEmbeddings(tiny(BertConfig.Family.BERT));
        assertThat(bert.positionIds(manager.create(new long[][] {{0, 5, 6}})).toLongArray())
                .containsExactly(0, 1, 2);
    }

    @Test
    void longestInputUsesTheLastPositionAndMasksPadding() {
        // RoBERTa: 22 real tokens take positions 2..23, the last row of a 24-row table.
        BertConfig cfg = tiny(BertConfig.Family.ROBERTA);
        BertModel m = initialized(cfg, false);
        long[][] ids = new long[2][cfg.maxSequenceLength()];
        long[][] mask = new long[2][cfg.maxSequenceLength()];
        for (int t = 0; t < ids[0].length; t++) {
            ids[0][t] = 3 + t;
            mask[0][t] = 1;
            ids[1][t] = t < 5 ? 3 + t : cfg.padTokenId();
            mask[1][t] = t < 5 ? 1 : 0;
        }
        NDArray idArray = manager.create(ids);
        NDArray positions = new BertEmbeddings(cfg).positionIds(idArray);
        assertThat(positions.get(0).toLongArray()[ids[0].length - 1]).isEqualTo(cfg.maxPositionEmbeddings() - 1);
        NDArray states = m.forward(new ParameterStore(manager, false),
                new NDList(idArray, manager.create(mask)), false).head();
        assertThat(states.getShape()).isEqualTo(new Shape(2, cfg.maxSequenceLength(), cfg.hiddenSize()));
        assertThat(states.isNaN().any().getBoolean()).isFalse();
        // The padded row's real tokens are as if it were alone (the mask hides 17 pads).
        NDArray alone = m.forward(new ParameterStore(manager, false), new NDList(
                manager.create(new long[][] {{3, 4, 5, 6, 7}}), manager.ones(new Shape(1, 5), DataType.INT64)), false).head();
        assertThat(states.get("1, :5, :").sub(alone.get(0)).abs().max().getFloat()).isLessThan(1e-5f);
    }

    @Test
    void tooLongInputIsRejectedWithTheLimit() {
        BertConfig cfg = tiny(BertConfig.Family.ROBERTA);
        BertModel m = initialized(cfg, false);
        NDArray ids = manager.ones(new Shape(1, 23), DataType.INT64);
        assertThatThrownBy(() -> m.forward(new ParameterStore(manager, false), new NDList(ids, ids), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sequence length 23")
                .hasMessageContaining("maximum 22");
    }

    @Test
    void projectionsAreSwappableLinearFields() {
        BertModel m = initialized(tiny(BertConfig.Family.BERT), false);
        Block q = ModuleTree.get(m, "encoder.layer.0.attention.self.query");
        assertThat(q).isInstanceOf(Linear.class);
        Linear replacement = Linear.builder().setUnits(16).optBias(false).build();
        replacement.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16));
        replacement.getParameters().get("weight").getArray().set(new float[16 * 16]);
        ModuleTree.replace(m, "encoder.layer.0.attention.self.query", replacement);
        assertThat(ModuleTree.get(m, "encoder.layer.0.attention.self.query")).isSameAs(replacement);
        // The attention block calls the new projection (forward still runs, with q = 0).
        NDArray ids = manager.create(new long[][] {{2, 7, 9}});
        NDArray out = m.forward(new ParameterStore(manager, false),
                new NDList(ids, manager.ones(new Shape(1, 3), DataType.INT64)), false).head();
        assertThat(out.getShape()).isEqualTo(new Shape(1, 3, 16));
    }

    @Test
    void configRejectsBadValuesNamingTheKey() {
        assertThatThrownBy(() -> new BertConfig(BertConfig.Family.BERT, 50, 16, 2, 5, 32, "gelu",
                0.1f, 0.1f, 24, 2, 1e-12f, 0))
                .hasMessageContaining("num_attention_heads 5");
        assertThatThrownBy(() -> new BertConfig(BertConfig.Family.BERT, 50, 16, 2, 4, 32, "swish",
                0.1f, 0.1f, 24, 2, 1e-12f, 0))
                .hasMessageContaining("hidden_act \"swish\"");
        assertThatThrownBy(() -> BertConfig.Family.ofModelType("gpt2")).hasMessageContaining("gpt2");
        BertConfig cfg = tiny(BertConfig.Family.ROBERTA);
        assertThat(BertConfig.fromJson(cfg.toJson())).isEqualTo(cfg);
    }
}
