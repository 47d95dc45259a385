package dev.lorakit.zoo.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real labelled text sets that the project's fetch scripts put under the data folder
 * ({@code ${LORAKIT_DATA:-~/.cache/lorakit/data}}).
 *
 * <pre>{@code
 * List<TextExample> polarity = TextCorpora.polarity(TextCorpora.dataDir());
 * List<TextExample> spam = TextCorpora.spamAssassin(TextCorpora.dataDir());
 * }</pre>
 */
public final class TextCorpora {

    /** Fetch script of {@link #polarity(Path)}. */
    public static final String POLARITY_SCRIPT = "framework/zoo/src/main/scripts/fetch-polarity.sh";
    /** Fetch script of {@link #spamAssassin(Path)}. */
    public static final String SPAM_SCRIPT = "framework/zoo/src/main/scripts/fetch-spam.sh";

    private static final String POLARITY_FILE = "polarity/polarity-en-pang&lee2.csv";
    private static final List<String> SPAM_DIRS =
            List.of("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2");

    private TextCorpora() {}

    /**
     * The data folder: {@code $LORAKIT_DATA}, else {@code ~/.cache/lorakit/data}.
     *
     * @return the folder (it may not exist)
     */
    public static Path dataDir() {
        String env = System.getenv("LORAKIT_DATA");
        return env != null && !env.isBlank()
                ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "lorakit", "data");
    }

    /**
     * Whether the polarity set has been fetched into a data folder.
     *
     * @param dataDir the data folder
     * @return true when its CSV is there
     */
    public static boolean hasPolarity(Path dataDir) {
        return Files.isRegularFile(dataDir.resolve(POLARITY_FILE));
    }

    /**
     * Whether the SpamAssassin corpus has been fetched into a data folder.
     *
     * @param dataDir the data folder
     * @return true when all its folders are there
     */
    public static boolean hasSpamAssassin(Path dataDir) {
        return SPAM_DIRS.stream().allMatch(d -> Files.isDirectory(dataDir.resolve("spam-assassin").resolve(d)));
    }

    /**
     * Pang &amp; Lee's sentence polarity set: 4,000 movie-review snippets, labels
     * {@code positive} (file label 1) and {@code negative} (-1).
     *
     * @param dataDir the data folder
     * @return the sentences in file order
     * @throws IOException when the file is absent (naming the fetch script) or unreadable
     */
    public static List<TextExample> polarity(Path dataDir) throws IOException {
        Path file = dataDir.resolve(POLARITY_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " not found; run " + POLARITY_SCRIPT);
        }
        List<TextExample> out = new ArrayList<>();
        for (TextExample e :
                TextDatasetReader.read(file, TextDatasetReader.Format.CSV, new ColumnMapping("1", "0", null, false))) {
            String label;
            switch (e.label()) {
                case "1":
                    label = "positive";
                    break;
                case "-1":
                    label = "negative";
                    break;
                default:
                    throw new IOException(file + ": label \"" + e.label() + "\" is neither 1 nor -1");
            }
            out.add(TextExample.of(e.text(), label));
        }
        return out;
    }

    /**
     * The SpamAssassin public corpus: 6,046 emails labelled {@code ham} or {@code spam} by
     * folder, each reduced to its body (the RFC 822 header block, up to the first empty line,
     * is removed).
     *
     * @param dataDir the data folder
     * @return the emails, folder by folder in file-name order
     * @throws IOException when the corpus is absent (naming the fetch script) or unreadable
     */
    public static List<TextExample> spamAssassin(Path dataDir) throws IOException {
        Path root = dataDir.resolve("spam-assassin");
        if (!hasSpamAssassin(dataDir)) {
            throw new IOException(root + " is incomplete; run " + SPAM_SCRIPT);
        }
        List<TextExample> out = new ArrayList<>();
        for (String dir : SPAM_DIRS) {
            String label = dir.startsWith("spam") ? "spam" : "ham";
            List<Path> files;
            try (Stream<Path> s = Files.list(root.resolve(dir))) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
            }
            for (Path f : files) {
                // Latin-1 never fails to decode: these 2002-era emails mix encodings.
                String raw = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                out.add(TextExample.of(stripHeaders(raw), label));
            }
        }
        return out;
    }

    /**
     * The body of an RFC 822 message: everything after the first empty line.
     *
     * @param message the raw message
     * @return the body, trimmed (empty when there is none)
     */
    public static String stripHeaders(String message) {
        String m = message.replace("\r\n", "\n");
        int blank = m.indexOf("\n\n");
        return blank < 0 ? "" : m.substring(blank + 2).trim();
    }
}
