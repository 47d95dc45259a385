package dev.lorakit.zoo.djl;

import ai.djl.repository.AbstractRepository;
import ai.djl.repository.Artifact;
import ai.djl.repository.MRL;
import ai.djl.repository.Metadata;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.util.Progress;
import ai.djl.util.Utils;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local DJL repository holding one {@link LorakitModelZoo} artifact, named by a {@code
 * lorakit://<artifact>[?path=...]} URL. DJL's {@code BaseModelLoader} loads it as a model whose
 * block comes from {@link LorakitBlockFactory} (the {@code blockFactory} argument) with its
 * weights already in place ({@code hasParameter=false}): nothing is downloaded or read from the
 * repository itself.
 */
final class LorakitRepository extends AbstractRepository {

    private static final String VERSION = "1";

    private final String artifactId;
    private final ModelLoader loader;
    private final Metadata metadata;

    LorakitRepository(String name, URI uri) {
        super(name, uri);
        artifactId = uri.getHost() == null ? uri.getAuthority() : uri.getHost();
        LorakitModelZoo zoo = new LorakitModelZoo();
        loader = artifactId == null ? null : zoo.getModelLoader(artifactId);
        if (loader == null) {
            throw new IllegalArgumentException("Unknown lorakit model URL " + uri + "; known: "
                    + zoo.getModelLoaders().stream().map(l -> LorakitRepositoryFactory.SCHEME + "://" + l.getArtifactId())
                            .sorted().toList());
        }
        metadata = metadata(uri);
    }

    private Metadata metadata(URI uri) {
        Metadata m = new Metadata();
        m.setGroupId(LorakitModelZoo.GROUP_ID);
        m.setArtifactId(artifactId);
        m.setName(artifactId);
        m.setApplication(loader.getApplication());
        m.setRepositoryUri(uri);
        Artifact artifact = new Artifact();
        artifact.setName(artifactId);
        artifact.setVersion(VERSION);
        Map<String, Object> arguments = new LinkedHashMap<>(query(uri));
        arguments.put("blockFactory", LorakitBlockFactory.class.getName());
        arguments.put(LorakitBlockFactory.ARTIFACT_ARGUMENT, artifactId);
        artifact.setArguments(arguments);
        // The block factory returns the block with its pretrained weights: no parameter file.
        artifact.setOptions(Map.of("hasParameter", "false"));
        artifact.setMetadata(m);
        m.setArtifacts(List.of(artifact));
        return m;
    }

    /** The URL's query as arguments ({@code path=/models/roberta}), decoded. */
    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return out;
    }

    @Override
    public boolean isRemote() {
        return false;
    }

    @Override
    public Metadata locate(MRL mrl) {
        return metadata;
    }

    @Override
    public Artifact resolve(MRL mrl, Map<String, String> filter) {
        return metadata.getArtifacts().get(0);
    }

    @Override
    public void prepare(Artifact artifact, Progress progress) {
        // Local files only: the block factory reads them when the model loads.
    }

    /**
     * An empty folder of its own that DJL uses as the model directory: DJL reads a {@code
     * serving.properties} from there, so it must not be a shared folder such as the temp dir.
     */
    @Override
    public Path getCacheDirectory() throws IOException {
        return Files.createDirectories(Utils.getCacheDir().resolve("lorakit").resolve(artifactId));
    }

    @Override
    public Path getResourceDirectory(Artifact artifact) throws IOException {
        return getCacheDirectory();
    }

    @Override
    public List<MRL> getResources() {
        return List.of(model(loader.getApplication(), LorakitModelZoo.GROUP_ID, artifactId));
    }
}
