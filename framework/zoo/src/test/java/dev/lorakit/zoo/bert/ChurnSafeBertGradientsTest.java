package dev.lorakit.zoo.bert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.ndarray.DirectMemoryChurn;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The encoder's gradients do not depend on when the JVM collects garbage. The attention scores'
 * division by sqrt(head size) used DJL's {@code div(Number)}, whose freed operand made about one
 * MiniLM step in 150 come out with an infinite gradient norm (docs/training.md).
 */
class ChurnSafeBertGradientsTest {

    @ParameterizedTest
    @EnumSource(BertConfig.Family.class)
    void loraAndHeadGradientsIgnoreGarbageCollection(BertConfig.Family family) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            BertModel encoder = BertModel.builder().setConfig(BertModelTest.tiny(family)).optPooler(false).build();
            BertClassifier model = BertClassifier.builder().setEncoder(encoder).setNumLabels(2).build();
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 5), new Shape(1, 5));
            LoraModel.builder().setBlock(model)
                    .setConfig(LoraConfig.of("query", "value").withR(4).withAlpha(8).withModulesToSave("classifier"))
                    .optSeed(7).build();
            NDList x = new NDList(manager.create(new long[][] {{2, 9, 14, 3, 0}, {2, 7, 3, 0, 0}}),
                    manager.create(new long[][] {{1, 1, 1, 1, 0}, {1, 1, 1, 0, 0}}));
            NDList y = new NDList(manager.create(new float[] {1, 0}));
            Loss loss = Loss.softmaxCrossEntropyLoss();
            // Eval mode (no dropout): every pass computes the same function.
            Supplier<NDArray> value = () -> loss.evaluate(y, model.forward(new ParameterStore(manager, false), x, false));
            Map<String, float[]> calm = DirectMemoryChurn.gradients(model, value, false);
            assertThat(calm.keySet()).anyMatch(k -> k.endsWith("query.lora_A.default.weight")).hasSizeGreaterThanOrEqualTo(10);
            for (int i = 0; i < 3; i++) {
                Map<String, float[]> churned = DirectMemoryChurn.gradients(model, value, true);
                calm.forEach((k, g) -> assertThat(churned.get(k)).as(k).containsExactly(g));
            }
        }
    }
}
