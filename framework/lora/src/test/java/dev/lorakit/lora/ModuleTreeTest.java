package dev.lorakit.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.junit.jupiter.api.Test;

class ModuleTreeTest {

    /** A block that calls its children through typed fields, as hand-written models do. */
    static final class TwoLayer extends AbstractBlock {
        private final Linear fc1;
        private final Linear fc2;

        TwoLayer() {
            fc1 = addChildBlock("fc1", Linear.builder().setUnits(3).build());
            fc2 = addChildBlock("fc2", Linear.builder().setUnits(2).build());
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
            return fc2.forward(ps, fc1.forward(ps, in, training), training);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return fc2.getOutputShapes(fc1.getOutputShapes(inputShapes));
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            fc1.initialize(manager, dataType, inputShapes);
            fc2.initialize(manager, dataType, fc1.getOutputShapes(inputShapes));
        }
    }

    @Test
    void namesFollowPyTorch() {
        SequentialBlock seq = new SequentialBlock();
        seq.add(Linear.builder().setUnits(4).build());
        seq.add(Activation.reluBlock());
        seq.add(LayerNorm.builder().build());
        seq.add(new TwoLayer());
        try (NDManager m = NDManager.newBaseManager()) {
            seq.initialize(m, DataType.FLOAT32, new Shape(1, 5));
        }
        assertThat(ModuleTree.namedModules(seq).keySet())
                .containsExactly("", "0", "1", "2", "3", "3.fc1", "3.fc2");
        assertThat(ModuleTree.namedParameters(seq).keySet())
                .containsExactly(
                        "0.weight", "0.bias", "2.weight", "2.bias",
                        "3.fc1.weight", "3.fc1.bias", "3.fc2.weight", "3.fc2.bias");
    }

    @Test
    void replaceUpdatesChildListAndTypedField() {
        TwoLayer model = new TwoLayer();
        Linear wider = Linear.builder().setUnits(5).build();
        Block old = ModuleTree.replace(model, "fc1", wider);
        assertThat(old).isInstanceOf(Linear.class).isNotSameAs(wider);
        assertThat(ModuleTree.get(model, "fc1")).isSameAs(wider);
        try (NDManager m = NDManager.newBaseManager()) {
            model.initialize(m, DataType.FLOAT32, new Shape(1, 4));
            // fc2 sees 5 inputs only if forward went through the replaced field.
            assertThat(model.getChildren().valueAt(1).getParameters().get("weight").getArray().getShape())
                    .isEqualTo(new Shape(2, 5));
        }
    }

    @Test
    void replaceRefusesTypeThatDoesNotFitField() {
        TwoLayer model = new TwoLayer();
        assertThatThrownBy(() -> ModuleTree.replace(model, "fc1", Activation.reluBlock()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field TwoLayer.fc1");
        assertThat(ModuleTree.get(model, "fc1")).isInstanceOf(Linear.class);
    }

    @Test
    void unknownPathNamesTheChildren() {
        assertThatThrownBy(() -> ModuleTree.get(new TwoLayer(), "fc3"))
                .hasMessageContaining("[fc1, fc2]");
    }
}
