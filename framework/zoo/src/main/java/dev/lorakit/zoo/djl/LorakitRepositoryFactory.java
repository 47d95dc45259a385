package dev.lorakit.zoo.djl;

import ai.djl.repository.Repository;
import ai.djl.repository.RepositoryFactory;
import java.net.URI;
import java.util.Set;

/**
 * Serves {@code lorakit://<artifact>[?path=...]} model URLs from local files, registered with DJL
 * through {@code META-INF/services/ai.djl.repository.RepositoryFactory}, so that {@code
 * Criteria.optModelUrls("lorakit://all-minilm-l6-v2")} loads a lorakit backbone with no network
 * access. The artifacts are those of {@link LorakitModelZoo}; the {@code path} query parameter is
 * the {@code path} criteria argument (a criteria argument of the same name overrides it).
 *
 * <p>Why not {@code djl://dev.lorakit/...}: DJL resolves the {@code djl} scheme in its own
 * {@code DjlRepositoryFactory}, which always returns a {@code RemoteRepository} on DJL's model
 * server and only asks the zoo for the artifact's application, so the zoo's own loaders are never
 * used and the metadata is fetched over the network. A factory registered for {@code djl} would
 * replace DJL's for every model zoo, not only this one.
 */
public final class LorakitRepositoryFactory implements RepositoryFactory {

    /** The URL scheme this factory serves. */
    public static final String SCHEME = "lorakit";

    @Override
    public Repository newInstance(String name, URI uri) {
        return new LorakitRepository(name, uri);
    }

    @Override
    public Set<String> getSupportedScheme() {
        return Set.of(SCHEME);
    }
}
