package dev.lorakit.zoo.djl;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds a {@link LorakitModelZoo} backbone, weights loaded, for DJL's {@code BaseModelLoader}
 * (the {@code blockFactory} argument that {@link LorakitRepository} sets). The artifact is named
 * by the {@value #ARTIFACT_ARGUMENT} argument; the others ({@code path}) go to the backbone's
 * loader.
 */
public final class LorakitBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    /** The argument naming the zoo artifact to build. */
    public static final String ARTIFACT_ARGUMENT = "lorakitArtifact";

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
        Object artifact = arguments.get(ARTIFACT_ARGUMENT);
        if (!(new LorakitModelZoo().getModelLoader(String.valueOf(artifact)) instanceof BackboneLoader loader)) {
            throw new IllegalArgumentException("The \"" + ARTIFACT_ARGUMENT + "\" argument " + artifact
                    + " names no " + LorakitModelZoo.GROUP_ID + " artifact");
        }
        return loader.newBlock(model.getNDManager(), new HashMap<>(arguments));
    }
}
