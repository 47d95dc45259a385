package dev.lorakit.env.classic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The rows of a committed text resource: space-separated fields, {@code #} lines skipped. */
final class ResourceRows {

    private ResourceRows() {}

    static List<String[]> read(String resource) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = ResourceRows.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    rows.add(line.split(" "));
                }
            }
        }
        return rows;
    }
}
