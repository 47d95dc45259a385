package dev.lorakit.zoo.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.lorakit.lora.ModuleTree;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmallCnnTest {

    @Test
    void namesShapesAndParameterCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            SmallCnn cnn = SmallCnn.builder().setNumClasses(10).optChannels(32, 64).optHidden(128).build();
            cnn.initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            Map<String, Block> modules = ModuleTree.namedModules(cnn);
            assertThat(cnn.convolutionPaths()).containsExactly("features.0", "features.2", "features.5", "features.7");
            assertThat(cnn.linearPaths()).containsExactly("classifier.0", "classifier.3");
            cnn.convolutionPaths().forEach(p -> assertThat(modules.get(p)).isInstanceOf(Conv2d.class));
            cnn.linearPaths().forEach(p -> assertThat(modules.get(p)).isInstanceOf(Linear.class));
            long params = ModuleTree.namedParameters(cnn).values().stream().mapToLong(p -> p.getArray().size()).sum();
            // convs: 1*32*9+32 + 32*32*9+32 + 32*64*9+64 + 64*64*9+64; fc: 3136*128+128 + 128*10+10
            long expected = 320 + 9248 + 18496 + 36928 + 401536 + 1290;
            assertThat(params).isEqualTo(expected);
            NDList out = cnn.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(5, 1, 28, 28))), false);
            assertThat(out.head().getShape()).isEqualTo(new Shape(5, 10));
            assertThat(cnn.getOutputShapes(new Shape[] {new Shape(3, 1, 28, 28)})[0]).isEqualTo(new Shape(3, 10));
        }
    }

    @Test
    void builderRejectsBadValues() {
        assertThatThrownBy(() -> SmallCnn.builder().build()).hasMessageContaining("setNumClasses(>= 2), got 0");
        assertThatThrownBy(() -> SmallCnn.builder().setNumClasses(3).optChannels(8, 0).build())
                .hasMessageContaining("[8, 0]");
        assertThatThrownBy(() -> SmallCnn.builder().setNumClasses(3).optDropout(1f).build())
                .hasMessageContaining("dropout must be in [0, 1), got 1.0");
    }
}
