package dev.lorakit.zoo.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.inference.Predictor;
import dev.lorakit.lora.ModuleTree;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.lorakit.zoo.bert.BertConfig;
import dev.lorakit.zoo.bert.BertModel;
import dev.lorakit.zoo.bert.HuggingFaceFolder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LorakitModelZooTest {

    @Test
    void criteriaLoadsTheRealMiniLmByName() throws Exception {
        assertThat(ModelZoo.getModelZoo(LorakitModelZoo.GROUP_ID)).isInstanceOf(LorakitModelZoo.class);
        Criteria<NDList, NDList> criteria =
                Criteria.builder()
                        .setTypes(NDList.class, NDList.class)
                        .optGroupId(LorakitModelZoo.GROUP_ID)
                        .optArtifactId(LorakitModelZoo.MINILM)
                        .build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = NDManager.newBaseManager()) {
            assertThat(model.getBlock()).isInstanceOf(BertModel.class);
            assertThat(ModuleTree.namedParameters(model.getBlock()))
                    .containsKey("encoder.layer.5.output.LayerNorm.bias");
            NDList out = predictor.predict(new NDList(
                    manager.create(new long[][] {{101, 1045, 2293, 2023, 3185, 999, 102}}),
                    manager.create(new long[][] {{1, 1, 1, 1, 1, 1, 1}})));
            assertThat(out.head().getShape().getShape()).containsExactly(1, 7, 384);
        }
    }

    @Test
    void criteriaLoadsAHuggingFaceFolderByPath(@TempDir Path dir) throws Exception {
        NDList input;
        NDList expected;
        try (NDManager manager = NDManager.newBaseManager()) {
            BertConfig config = new BertConfig(BertConfig.Family.ROBERTA, 40, 16, 1, 2, 32, BertConfig.GELU,
                    0.1f, 0.1f, 20, 1, 1e-5f, 1);
            BertModel original = BertModel.builder().setConfig(config).optPooler(false).build();
            original.initialize(manager, DataType.FLOAT32, new Shape(1, 4), new Shape(1, 4));
            HuggingFaceFolder.save(original, dir);
            input = new NDList(manager.create(new long[][] {{0, 7, 9, 2, 1}}), manager.create(new long[][] {{1, 1, 1, 1, 0}}));
            float[] states = original.forward(new ParameterStore(manager, false), input, false).head().toFloatArray();
            Criteria<NDList, NDList> criteria = Criteria.builder()
                    .setTypes(NDList.class, NDList.class)
                    .optGroupId(LorakitModelZoo.GROUP_ID)
                    .optArtifactId(LorakitModelZoo.HF_ENCODER)
                    .optArgument("path", dir.toString())
                    .build();
            try (ZooModel<NDList, NDList> model = criteria.loadModel();
                    Predictor<NDList, NDList> predictor = model.newPredictor()) {
                BertModel loaded = (BertModel) model.getBlock();
                assertThat(loaded.getConfig().family()).isEqualTo(BertConfig.Family.ROBERTA);
                expected = predictor.predict(new NDList(manager.create(new long[][] {{0, 7, 9, 2, 1}}),
                        manager.create(new long[][] {{1, 1, 1, 1, 0}})));
                assertThat(expected.head().toFloatArray()).containsExactly(states);
            }
            Criteria<NDList, NDList> noPath = Criteria.builder()
                    .setTypes(NDList.class, NDList.class)
                    .optGroupId(LorakitModelZoo.GROUP_ID)
                    .optArtifactId(LorakitModelZoo.HF_ENCODER)
                    .build();
            assertThatThrownBy(noPath::loadModel).hasStackTraceContaining("needs the criteria argument \"path\"");
        }
    }

    @Test
    void lorakitUrlsLoadTheBackbonesWithNoNetwork(@TempDir Path dir) throws Exception {
        assertThat(ai.djl.util.Utils.isOfflineMode()).as("tests run with ai.djl.offline=true").isTrue();
        Criteria<NDList, NDList> minilm = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelUrls("lorakit://" + LorakitModelZoo.MINILM)
                .build();
        try (ZooModel<NDList, NDList> model = minilm.loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = NDManager.newBaseManager()) {
            assertThat(model.getBlock()).isInstanceOf(BertModel.class);
            NDList out = predictor.predict(new NDList(
                    manager.create(new long[][] {{101, 1045, 2293, 2023, 3185, 999, 102}}),
                    manager.create(new long[][] {{1, 1, 1, 1, 1, 1, 1}})));
            assertThat(out.head().getShape().getShape()).containsExactly(1, 7, 384);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            BertConfig config = new BertConfig(BertConfig.Family.ROBERTA, 40, 16, 1, 2, 32, BertConfig.GELU,
                    0.1f, 0.1f, 20, 1, 1e-5f, 1);
            BertModel original = BertModel.builder().setConfig(config).optPooler(false).build();
            original.initialize(manager, DataType.FLOAT32, new Shape(1, 4), new Shape(1, 4));
            Path folder = dir.resolve("a roberta");
            HuggingFaceFolder.save(original, folder);
            NDList input = new NDList(manager.create(new long[][] {{0, 7, 9, 2, 1}}),
                    manager.create(new long[][] {{1, 1, 1, 1, 0}}));
            float[] states = original.forward(new ParameterStore(manager, false), input, false).head().toFloatArray();
            // The folder name has a space: the query is URL-encoded, as any URI.
            String url = new java.net.URI(LorakitRepositoryFactory.SCHEME, LorakitModelZoo.HF_ENCODER, null,
                    "path=" + folder, null).toString();
            assertThat(url).startsWith("lorakit://hf-encoder?path=").contains("%20");
            Criteria<NDList, NDList> hf = Criteria.builder()
                    .setTypes(NDList.class, NDList.class)
                    .optModelUrls(url)
                    .build();
            try (ZooModel<NDList, NDList> model = hf.loadModel();
                    Predictor<NDList, NDList> predictor = model.newPredictor()) {
                assertThat(((BertModel) model.getBlock()).getConfig().family()).isEqualTo(BertConfig.Family.ROBERTA);
                assertThat(predictor.predict(input).head().toFloatArray()).containsExactly(states);
            }
        }
        // DJL resolves model URLs when the criteria is built.
        assertThatThrownBy(() -> Criteria.builder().optModelUrls("lorakit://bert-large"))
                .hasMessage("Unknown lorakit model URL lorakit://bert-large;"
                        + " known: [lorakit://all-minilm-l6-v2, lorakit://hf-encoder]");
    }
}
