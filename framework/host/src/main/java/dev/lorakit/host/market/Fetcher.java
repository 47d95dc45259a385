package dev.lorakit.host.market;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * Opens index and jar locations: local paths and {@code file:} URIs from disk, {@code http(s)}
 * through the JDK's HTTP client. Only the marketplace commands fetch; nothing else in lorakit
 * downloads.
 */
public class Fetcher {

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(20)).build();

    /**
     * A location as a URI: URLs as they are, paths as {@code file:} URIs.
     *
     * @param location a path or URL
     * @return the URI
     */
    public static URI toUri(String location) {
        if (location.matches("(?i)(https?|file):.*")) {
            return URI.create(location);
        }
        return Paths.get(location).toAbsolutePath().normalize().toUri();
    }

    /**
     * Opens a location for reading.
     *
     * @param uri a {@code file:} or {@code http(s):} URI
     * @return the content stream
     * @throws IOException when it cannot be opened (HTTP status other than 200 included)
     */
    public InputStream open(URI uri) throws IOException {
        String scheme = uri.getScheme() == null ? "file" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        switch (scheme) {
            case "file":
                return Files.newInputStream(Path.of(uri));
            case "http":
            case "https":
                try {
                    HttpResponse<InputStream> response = http.send(
                            HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    if (response.statusCode() != 200) {
                        response.body().close();
                        throw new IOException("HTTP " + response.statusCode() + " for " + uri);
                    }
                    return response.body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while fetching " + uri, e);
                }
            default:
                throw new IOException("unsupported location " + uri + " (use a path, file:, http: or https:)");
        }
    }
}
