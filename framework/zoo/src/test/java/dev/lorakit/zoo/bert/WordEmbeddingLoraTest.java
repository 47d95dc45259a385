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
import dev.lorakit.lora.LoraEmbedding;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.io.SafetensorsFile;
import dev.lorakit.lora.peft.PeftAdapters;
import dev.lorakit.lora.peft.PeftMetadata;
import dev.lorakit.train.DefaultLearner;
import dev.lorakit.train.optim.AdamWConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LoRA on {@code embeddings.word_embeddings}, as PEFT allows: injection, training, PEFT keys, reload. */
class WordEmbeddingLoraTest {

    @TempDir Path dir;

    private static BertClassifier tinyClassifier(NDManager manager) {
        Engine.getInstance().setRandomSeed(11);
        BertModel encoder = BertModel.builder().setConfig(BertModelTest.tiny(BertConfig.Family.BERT)).optPooler(false).build();
        BertClassifier model = BertClassifier.builder().setEncoder(encoder).setNumLabels(2).build();
        model.initialize(manager, DataType.FLOAT32, new Shape(1, 5), new Shape(1, 5), new Shape(1, 5));
        return model;
    }

    private static NDList inputs(NDManager m) {
        NDArray ids = m.create(new long[][] {{2, 9, 14, 3, 0}, {2, 7, 3, 0, 0}, {2, 21, 30, 8, 3}, {2, 5, 3, 0, 0}});
        NDArray mask = m.create(new long[][] {{1, 1, 1, 1, 0}, {1, 1, 1, 0, 0}, {1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}});
        return new NDList(ids, mask, m.zeros(new Shape(4, 5), DataType.INT64));
    }

    @Test
    void wordEmbeddingsTakeALoraAdapterThatTrainsAndSavesUnderPeftKeys() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            BertClassifier model = tinyClassifier(manager);
            NDArray baseTable = ModuleTree.namedParameters(model).get("bert.embeddings.word_embeddings.weight")
                    .getArray().duplicate();
            LoraModel lora = LoraModel.builder().setBlock(model)
                    .setConfig(LoraConfig.of("word_embeddings").withR(4).withAlpha(8).withModulesToSave("classifier"))
                    .optSeed(3).build();
            assertThat(ModuleTree.get(model, "bert.embeddings.word_embeddings")).isInstanceOf(LoraEmbedding.class);
            NDArray a = ModuleTree.namedParameters(model)
                    .get("bert.embeddings.word_embeddings.lora_embedding_A.default").getArray();
            assertThat(a.abs().sum().getFloat()).as("PEFT starts lora_embedding_A at zero").isZero();

            NDList x = inputs(manager);
            NDList y = new NDList(manager.create(new float[] {1, 0, 1, 0}));
            Loss loss = Loss.softmaxCrossEntropyLoss();
            double first;
            double last = Double.NaN;
            try (DefaultLearner learner = DefaultLearner.builder().setModel(model)
                    .setOptimizer(AdamWConfig.of(0.05, null, null, 0.0).newOptimizer(manager)).setSeed(3).build()) {
                first = learner.step(fwd -> loss.evaluate(y, fwd.apply(x))).loss();
                for (int i = 0; i < 15; i++) {
                    last = learner.step(fwd -> loss.evaluate(y, fwd.apply(x))).loss();
                }
            }
            assertThat(last).isLessThan(first);
            assertThat(a.abs().sum().getFloat()).as("the adapter trained").isPositive();
            assertThat(ModuleTree.namedParameters(model).get("bert.embeddings.word_embeddings.weight").getArray()
                    .sub(baseTable).abs().max().getFloat()).as("the base table stays frozen").isZero();

            PeftAdapters.save(lora, dir, new PeftMetadata("tiny-bert", "SEQ_CLS"));
            try (SafetensorsFile file = SafetensorsFile.open(dir.resolve("adapter_model.safetensors"))) {
                assertThat(file.tensors().keySet()).containsExactlyInAnyOrder(
                        "base_model.model.bert.embeddings.word_embeddings.lora_embedding_A",
                        "base_model.model.bert.embeddings.word_embeddings.lora_embedding_B",
                        "base_model.model.classifier.weight",
                        "base_model.model.classifier.bias");
                assertThat(file.info("base_model.model.bert.embeddings.word_embeddings.lora_embedding_A").shape())
                        .isEqualTo(new Shape(4, 50));
            }

            NDArray trained = model.forward(new ParameterStore(manager, false), x, false).head();
            BertClassifier fresh = tinyClassifier(manager);
            PeftAdapters.load(fresh, dir);
            NDArray reloaded = fresh.forward(new ParameterStore(manager, false), x, false).head();
            assertThat(trained.sub(reloaded).abs().max().getFloat()).isLessThan(1e-6f);
        }
    }
}
