package dev.lorakit.zoo.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.lorakit.lora.ModuleTree;
import org.junit.jupiter.api.Test;

class BertClassifierTest {

    @Test
    void initializingTheClassifierKeepsLoadedEncoderWeights() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BertModel encoder = BertModel.builder().setConfig(BertModelTest.tiny(BertConfig.Family.BERT))
                    .optPooler(false).build();
            encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 3), new Shape(1, 3));
            NDArray query = ModuleTree.namedParameters(encoder)
                    .get("encoder.layer.0.attention.self.query.weight").getArray();
            query.set(new float[16 * 16]); // stands for loaded weights
            BertClassifier clf = BertClassifier.builder().setEncoder(encoder).setNumLabels(3).build();
            clf.initialize(manager, DataType.FLOAT32, new Shape(1, 3), new Shape(1, 3));
            assertThat(query.abs().sum().getFloat()).isZero();
            assertThat(ModuleTree.namedParameters(clf)).containsKeys(
                    "bert.encoder.layer.1.output.dense.weight", "classifier.weight", "classifier.bias");
            NDList out = clf.forward(new ParameterStore(manager, false), new NDList(
                    manager.create(new long[][] {{2, 5, 3, 0}, {2, 3, 0, 0}}),
                    manager.create(new long[][] {{1, 1, 1, 0}, {1, 1, 0, 0}})), false);
            assertThat(out.head().getShape()).isEqualTo(new Shape(2, 3));
            assertThatThrownBy(() -> BertClassifier.builder().setEncoder(encoder).setNumLabels(2)
                    .optPooling(BertClassifier.Pooling.POOLER).build()).hasMessageContaining("MEAN");
        }
    }

    @Test
    void robertaClassifierHasTheLayoutOfRobertaForSequenceClassification() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BertModel encoder = BertModel.builder().setConfig(BertModelTest.tiny(BertConfig.Family.ROBERTA))
                    .optPooler(false).build();
            BertClassifier clf = BertClassifier.builder().setEncoder(encoder).setNumLabels(3).build();
            clf.initialize(manager, DataType.FLOAT32, new Shape(1, 3), new Shape(1, 3));
            assertThat(ModuleTree.namedParameters(clf).keySet())
                    .contains("roberta.encoder.layer.1.output.dense.weight", "roberta.embeddings.word_embeddings.weight",
                            "classifier.dense.weight", "classifier.dense.bias",
                            "classifier.out_proj.weight", "classifier.out_proj.bias")
                    .noneMatch(k -> k.startsWith("bert.") || k.contains("pooler") || k.equals("classifier.weight"));
            NDList input = new NDList(
                    manager.create(new long[][] {{0, 5, 3, 2}, {0, 3, 2, 1}}),
                    manager.create(new long[][] {{1, 1, 1, 1}, {1, 1, 1, 0}}));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray logits = clf.forward(ps, input, false).head();
            // RobertaClassificationHead: out_proj(tanh(dense(h[:, 0]))) on the encoder's states.
            NDArray first = encoder.forward(ps, input, false).head().get(":, 0, :");
            var p = ModuleTree.namedParameters(clf);
            NDArray dense = first.matMul(p.get("classifier.dense.weight").getArray().transpose())
                    .add(p.get("classifier.dense.bias").getArray()).tanh();
            NDArray expected = dense.matMul(p.get("classifier.out_proj.weight").getArray().transpose())
                    .add(p.get("classifier.out_proj.bias").getArray());
            assertThat(logits.getShape()).isEqualTo(new Shape(2, 3));
            assertThat(logits.sub(expected).abs().max().getFloat()).isLessThan(1e-6f);

            assertThatThrownBy(() -> BertClassifier.builder().setEncoder(encoder).setNumLabels(2)
                    .optPooling(BertClassifier.Pooling.MEAN).build()).hasMessageContaining("<s> token");
            BertModel withPooler = BertModel.builder().setConfig(BertModelTest.tiny(BertConfig.Family.ROBERTA)).build();
            assertThatThrownBy(() -> BertClassifier.builder().setEncoder(withPooler).setNumLabels(2).build())
                    .hasMessageContaining("add_pooling_layer=False");
        }
    }
}
