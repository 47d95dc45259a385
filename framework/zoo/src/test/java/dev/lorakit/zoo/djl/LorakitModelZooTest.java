package dev.lorakit.zoo.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.inference.Predictor;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.zoo.bert.BertModel;
import org.junit.jupiter.api.Test;

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
}
