package dev.lorakit.zoo.bert;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lorakit.zoo.weights.HostTensor;
import dev.lorakit.zoo.weights.WeightAssignment;
import java.util.List;
import java.util.Map;

/**
 * Builds an encoder and fills it with checkpoint tensors: the step every BERT loader (Hugging
 * Face folder, ONNX) ends with.
 */
public final class PretrainedBert {

    /** Prefixes of task checkpoints ({@code BertForSequenceClassification} ...) around the encoder. */
    public static final List<String> MODEL_PREFIXES = List.of("bert.", "roberta.");

    private PretrainedBert() {}

    /**
     * A new encoder, initialized in {@code manager}, holding exactly the given tensors.
     *
     * @param config the encoder configuration
     * @param pooler whether the encoder has a pooler (its tensors are then required)
     * @param tensors checkpoint key → tensor; keys may carry a {@link #MODEL_PREFIXES} prefix
     * @param manager the manager that will own the parameters (keep it open while the model is used)
     * @param source where the tensors came from, for error messages
     * @return the loaded encoder
     * @throws IllegalArgumentException naming missing, unexpected or mis-shaped tensors
     */
    public static BertModel instantiate(
            BertConfig config,
            boolean pooler,
            Map<String, HostTensor> tensors,
            NDManager manager,
            String source) {
        BertModel model = BertModel.builder().setConfig(config).optPooler(pooler).build();
        Shape ids = new Shape(1, 1);
        model.initialize(manager, DataType.FLOAT32, ids, ids);
        WeightAssignment.builder()
                .setTensors(tensors)
                .optStripPrefixes(MODEL_PREFIXES)
                .optIgnore(PretrainedBert::isBuffer)
                .build()
                .applyTo(model, source);
        return model;
    }

    /**
     * Whether a checkpoint key is a non-trainable buffer that Hugging Face also skips when
     * loading ({@code embeddings.position_ids}, {@code embeddings.token_type_ids}).
     *
     * @param key a checkpoint key without model prefix
     * @return true for known buffers
     */
    public static boolean isBuffer(String key) {
        return key.equals("embeddings.position_ids") || key.equals("embeddings.token_type_ids");
    }
}
