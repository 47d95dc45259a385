package dev.lorakit.zoo.bert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.loss.Loss;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.train.DefaultLearner;
import dev.lorakit.train.optim.AdamWConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * LoRA on the BERT encoder leaves the frozen base weights outside libtorch's autograd graph: if a
 * frozen tensor still required a gradient, every backward pass would also compute the gradients
 * of all 22 M base weights of MiniLM (as much matrix work again as the activations' gradients),
 * which is the cost LoRA exists to avoid.
 */
class FrozenBaseGradientTest {

    @Test
    void frozenBaseTensorsDoNotRequireGradientsInTheEngineAndStayUnchanged() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            BertModel encoder = BertModel.builder().setConfig(BertModelTest.tiny(BertConfig.Family.BERT)).optPooler(false).build();
            BertClassifier model = BertClassifier.builder().setEncoder(encoder).setNumLabels(2).build();
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 5), new Shape(1, 5));
            LoraModel.builder().setBlock(model)
                    .setConfig(LoraConfig.of("query", "value").withR(4).withAlpha(8).withModulesToSave("classifier"))
                    .optSeed(5).build();

            Map<String, NDArray> frozenBefore = new LinkedHashMap<>();
            int trainable = 0;
            for (Map.Entry<String, Parameter> e : ModuleTree.namedParameters(model).entrySet()) {
                boolean engineRequiresGrad = JniUtils.requiresGrad((PtNDArray) e.getValue().getArray());
                assertThat(engineRequiresGrad).as("libtorch requires_grad of %s", e.getKey())
                        .isEqualTo(e.getValue().requiresGradient());
                if (e.getValue().requiresGradient()) {
                    trainable++;
                } else {
                    frozenBefore.put(e.getKey(), e.getValue().getArray().duplicate());
                }
            }
            // 2 layers x (query, value) x (A, B) + classifier weight and bias.
            assertThat(trainable).isEqualTo(10);
            assertThat(frozenBefore).containsKeys("bert.embeddings.word_embeddings.weight",
                    "bert.encoder.layer.0.attention.self.query.weight", "bert.encoder.layer.1.output.dense.weight");

            NDList x = new NDList(manager.create(new long[][] {{2, 9, 14, 3, 0}, {2, 7, 3, 0, 0}}),
                    manager.create(new long[][] {{1, 1, 1, 1, 0}, {1, 1, 1, 0, 0}}));
            NDList y = new NDList(manager.create(new float[] {1, 0}));
            Loss loss = Loss.softmaxCrossEntropyLoss();
            try (DefaultLearner learner = DefaultLearner.builder().setModel(model)
                    .setOptimizer(AdamWConfig.of(0.05, null, null, 0.0).newOptimizer(manager)).setSeed(5).build()) {
                for (int i = 0; i < 3; i++) {
                    learner.step(fwd -> loss.evaluate(y, fwd.apply(x)));
                }
            }
            Map<String, Parameter> after = ModuleTree.namedParameters(model);
            frozenBefore.forEach((name, before) -> {
                NDArray now = after.get(name).getArray();
                assertThat(JniUtils.requiresGrad((PtNDArray) now)).as("after training, %s", name).isFalse();
                assertThat(now.sub(before).abs().max().getFloat()).as("%s stays frozen", name).isZero();
            });
        }
    }
}
