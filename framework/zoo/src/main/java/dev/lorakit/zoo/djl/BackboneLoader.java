package dev.lorakit.zoo.djl;

import ai.djl.Application;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A DJL {@link ModelLoader} for one lorakit backbone: builds the block and loads its weights from
 * local files into the new model's manager. Nothing is downloaded: {@link #isDownloaded} is
 * always true and {@link #downloadModel} does nothing.
 */
public final class BackboneLoader implements ModelLoader {

    /** Criteria argument naming the local artifact (a jar, folder or file). */
    public static final String PATH_ARGUMENT = "path";

    /** Builds a backbone block whose parameters live in the given manager. */
    @FunctionalInterface
    public interface BlockFactory {
        /**
         * Builds and loads the block.
         *
         * @param manager the model's manager, which will own the parameters
         * @param arguments the criteria arguments ({@value #PATH_ARGUMENT} ...)
         * @return the loaded block
         * @throws IOException when the weights cannot be read
         */
        Block create(NDManager manager, Map<String, Object> arguments) throws IOException;
    }

    private final String artifactId;
    private final Application application;
    private final BlockFactory factory;

    /**
     * Creates a loader.
     *
     * @param artifactId the name criteria select it by
     * @param application the DJL application it serves
     * @param factory builds the block
     */
    public BackboneLoader(String artifactId, Application application, BlockFactory factory) {
        this.artifactId = artifactId;
        this.application = application;
        this.factory = factory;
    }

    @Override
    public String getGroupId() {
        return LorakitModelZoo.GROUP_ID;
    }

    @Override
    public String getArtifactId() {
        return artifactId;
    }

    @Override
    public Application getApplication() {
        return application;
    }

    @Override
    public MRL getMrl() {
        // A local, empty repository: lorakit models come from files the user points to.
        return MRL.undefined(
                Repository.newInstance(LorakitModelZoo.GROUP_ID, Path.of(".")),
                LorakitModelZoo.GROUP_ID,
                artifactId);
    }

    @Override
    public <I, O> ZooModel<I, O> loadModel(Criteria<I, O> criteria)
            throws IOException, ModelNotFoundException, MalformedModelException {
        Model model =
                criteria.getEngine() == null
                        ? Model.newInstance(artifactId, criteria.getDevice())
                        : Model.newInstance(artifactId, criteria.getDevice(), criteria.getEngine());
        try {
            Map<String, Object> arguments =
                    criteria.getArguments() == null ? Map.of() : criteria.getArguments();
            Translator<I, O> translator = translator(criteria, model, arguments);
            model.setBlock(newBlock(model.getNDManager(), arguments));
            model.setProperty("lorakit.artifact", LorakitModelZoo.GROUP_ID + "/" + artifactId);
            return new ZooModel<>(model, translator);
        } catch (IOException | ModelNotFoundException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private <I, O> Translator<I, O> translator(
            Criteria<I, O> criteria, Model model, Map<String, Object> arguments)
            throws ModelNotFoundException {
        Class<I> in = criteria.getInputClass();
        Class<O> out = criteria.getOutputClass();
        TranslatorFactory tf = criteria.getTranslatorFactory();
        if (tf != null && tf.isSupported(in, out)) {
            try {
                return tf.newInstance(in, out, model, arguments);
            } catch (TranslateException e) {
                throw new ModelNotFoundException("translator for " + artifactId + ": " + e.getMessage(), e);
            }
        }
        if (in == NDList.class && out == NDList.class) {
            return (Translator<I, O>) new NoopTranslator();
        }
        throw new ModelNotFoundException(
                LorakitModelZoo.GROUP_ID
                        + "/"
                        + artifactId
                        + " has no translator for "
                        + in.getSimpleName()
                        + " -> "
                        + out.getSimpleName()
                        + "; use NDList -> NDList or set a translator in the criteria");
    }

    /**
     * Builds the backbone with its weights, for this loader and for {@link LorakitBlockFactory}.
     *
     * @param manager the model's manager, which will own the parameters
     * @param arguments the criteria arguments ({@value #PATH_ARGUMENT} ...)
     * @return the loaded block
     * @throws IOException when the weights cannot be read
     */
    public Block newBlock(NDManager manager, Map<String, Object> arguments) throws IOException {
        return factory.create(manager, arguments);
    }

    @Override
    public <I, O> boolean isDownloaded(Criteria<I, O> criteria) {
        return true;
    }

    @Override
    public <I, O> void downloadModel(Criteria<I, O> criteria, Progress progress) {
        // Local files only: nothing to download.
    }

    @Override
    public String toString() {
        return LorakitModelZoo.GROUP_ID + "/" + artifactId;
    }
}
