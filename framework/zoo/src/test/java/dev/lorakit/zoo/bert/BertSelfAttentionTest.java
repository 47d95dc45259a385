package dev.lorakit.zoo.bert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The attention's optional mask bias: left out for unpadded batches, applied otherwise. */
class BertSelfAttentionTest {

    private NDManager manager;
    private BertSelfAttention attention;
    private ParameterStore ps;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(3);
        attention = new BertSelfAttention(BertModelTest.tiny(BertConfig.Family.BERT));
        attention.initialize(manager, DataType.FLOAT32, new Shape(2, 5, 16), new Shape(2, 1, 1, 5));
        ps = new ParameterStore(manager, false);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void withoutMaskBiasEqualsAZeroBias() {
        NDArray hidden = manager.randomNormal(new Shape(2, 5, 16));
        NDArray zeroBias = manager.zeros(new Shape(2, 1, 1, 5));
        NDArray withBias = attention.forward(ps, new NDList(hidden, zeroBias), false).head();
        NDArray without = attention.forward(ps, new NDList(hidden), false).head();
        assertThat(without.getShape()).isEqualTo(new Shape(2, 5, 16));
        assertThat(without.sub(withBias).abs().max().getFloat()).isLessThan(1e-6f);
    }

    @Test
    void maskBiasHidesPaddedKeys() {
        NDArray hidden = manager.randomNormal(new Shape(1, 5, 16));
        NDArray mask = manager.create(new long[][] {{1, 1, 1, 0, 0}});
        NDArray bias = BertModel.maskBias(mask, DataType.FLOAT32);
        NDArray changedPadding = hidden.duplicate();
        changedPadding.set(new NDIndex("0, 3:, :"), 7f);
        NDArray a = attention.forward(ps, new NDList(hidden, bias), false).head();
        NDArray b = attention.forward(ps, new NDList(changedPadding, bias), false).head();
        // Real positions attend to real keys only: changing the padded states changes nothing there.
        NDArray real = a.get(new NDIndex("0, 0:3, :")).sub(b.get(new NDIndex("0, 0:3, :")));
        assertThat(real.abs().max().getFloat()).isLessThan(1e-6f);
        NDArray unmasked = attention.forward(ps, new NDList(changedPadding), false).head();
        assertThat(unmasked.get(new NDIndex("0, 0:3, :")).sub(a.get(new NDIndex("0, 0:3, :")))
                .abs().max().getFloat()).isGreaterThan(1e-3f);
    }

    @Test
    void paddingIsDetectedFromTheAttentionMask() {
        assertThat(BertModel.hasPadding(manager.create(new long[][] {{1, 1, 1}, {1, 1, 1}}))).isFalse();
        assertThat(BertModel.hasPadding(manager.create(new long[][] {{1, 1, 1}, {1, 1, 0}}))).isTrue();
    }
}
