package dev.lorakit.zoo.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import dev.lorakit.lora.ModuleTree;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DjlZooBackbonesTest {

    private static final Shape GREY_28 = new Shape(1, 28, 28);

    @Test
    void resNet8PathsAreTheDocumentedOnes() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block resnet = DjlZooBackbones.resNetV1(8, GREY_28, 10);
            resnet.initialize(m, DataType.FLOAT32, new Shape(2, 1, 28, 28));
            assertThat(DjlZooBackbones.adaptableLayers(resnet)).containsExactly(
                    "0", "1.0.0", "1.0.3", "1.1.0", "2.0.0", "2.0.3", "2.1.0", "3.0.0", "3.0.3", "3.1.0", "6");
            Map<String, Block> modules = ModuleTree.namedModules(resnet);
            assertThat(modules.get("6")).isInstanceOf(Linear.class);
            assertThat(modules.get("2.0.1")).isInstanceOf(BatchNorm.class);
            assertThat(ModuleTree.namedParameters(resnet)).containsKeys("3.0.4.running_var", "6.weight", "0.weight");
            NDList out = resnet.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(3, 1, 28, 28))), false);
            assertThat(out.head().getShape()).isEqualTo(new Shape(3, 10));
        }
    }

    @Test
    void resNet20HasItsLinearAfterNineUnits() {
        Block resnet = DjlZooBackbones.resNetV1(20, GREY_28, 10);
        assertThat(ModuleTree.namedModules(resnet).get("12")).isInstanceOf(Linear.class);
        assertThat(DjlZooBackbones.adaptableLayers(resnet)).hasSize(1 + 9 * 2 + 3 + 1);
    }

    @Test
    void mlpLinearLayersAreOddIndices() {
        Block mlp = DjlZooBackbones.mlp(GREY_28, 10, 64, 32);
        assertThat(DjlZooBackbones.adaptableLayers(mlp)).containsExactly("1", "3", "5");
    }

    @Test
    void badArgumentsNameWhatIsAllowed() {
        assertThatThrownBy(() -> DjlZooBackbones.resNetV1(18, GREY_28, 10))
                .hasMessageContaining("num_layers must be 6k + 2").hasMessageContaining("got 18");
        assertThatThrownBy(() -> DjlZooBackbones.resNetV1(20, new Shape(3, 32, 32), 10))
                .hasMessageContaining("at most 28x28");
        assertThatThrownBy(() -> DjlZooBackbones.mlp(GREY_28, 10))
                .hasMessageContaining("hidden must list one positive size");
    }
}
