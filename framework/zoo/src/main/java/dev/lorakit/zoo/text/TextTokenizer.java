package dev.lorakit.zoo.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Turns texts into padded {@link TokenizedBatch}es with a Hugging Face {@code tokenizer.json}
 * (WordPiece for BERT, byte-level BPE for RoBERTa), through DJL's offline
 * {@code ai.djl.huggingface:tokenizers} (its native library is inside the jar).
 *
 * <p>Sequences are truncated to {@code maxLength} tokens (special tokens included) and padded
 * here, in Java, with the model's pad id: a {@code tokenizer.json} without a padding section would
 * otherwise pad with id 0, which is {@code <s>} for RoBERTa and would shift its position ids.
 *
 * <p>Memory: the native tokenizer holds every token of the texts of one call (~70 bytes per
 * character of text, truncated or not) and glibc keeps what it freed, so {@link #lengths} works
 * through {@value #TEXTS_PER_CALL} texts per call, and a single text far longer than the maximum
 * length is cut first when that cannot change its ids ({@link LongTextCut}).
 *
 * <pre>{@code
 * try (TextTokenizer tok = TextTokenizer.builder()
 *         .setTokenizerJson(Path.of("tokenizer.json"))
 *         .optMaxLength(64)
 *         .build()) {
 *     TokenizedBatch batch = tok.encode(List.of("I love this movie!", "Dull."));
 * }
 * }</pre>
 */
public final class TextTokenizer implements AutoCloseable {

    /** Texts per native call in {@link #lengths}: bounds the memory of measuring a whole corpus. */
    static final int TEXTS_PER_CALL = 64;

    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;
    private final long padTokenId;
    /** Cuts long single texts before tokenizing; null when the tokenizer does not allow it. */
    private final LongTextCut cut;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, int maxLength, long padTokenId, LongTextCut cut) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        this.padTokenId = padTokenId;
        this.cut = cut;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder; a tokenizer.json source is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The maximum number of tokens per sequence, special tokens included.
     *
     * @return the truncation length
     */
    public int getMaxLength() {
        return maxLength;
    }

    /**
     * Token ids of one text with special tokens, truncated, not padded.
     *
     * @param text the text
     * @return the ids
     */
    public long[] ids(String text) {
        return encodeSingles(List.of(text))[0].getIds();
    }

    /**
     * The token count of each text (or pair), special tokens included, after truncation: the
     * length its row has before padding.
     *
     * @param first the texts
     * @param second the second texts of pairs, as many as {@code first}, or null for single texts
     * @return one length per text
     */
    public int[] lengths(List<String> first, List<String> second) {
        if (second != null && first.size() != second.size()) {
            throw new IllegalArgumentException(first.size() + " first texts but " + second.size() + " second texts");
        }
        int[] out = new int[first.size()];
        for (int from = 0; from < out.length; from += TEXTS_PER_CALL) {
            int to = Math.min(out.length, from + TEXTS_PER_CALL);
            Encoding[] encodings = second == null ? encodeSingles(first.subList(from, to))
                    : encodeEach(first.subList(from, to), second.subList(from, to));
            for (int i = 0; i < encodings.length; i++) {
                out[from + i] = encodings[i].getIds().length;
            }
        }
        return out;
    }

    /**
     * Encodes single texts, padded to the longest of them.
     *
     * @param texts the texts (at least one)
     * @return the batch
     */
    public TokenizedBatch encode(List<String> texts) {
        return pad(encodeSingles(texts));
    }

    /**
     * Encodes text pairs ({@code [CLS] a [SEP] b [SEP]}, token type 1 for {@code b}), padded to
     * the longest pair.
     *
     * @param first the first texts
     * @param second the second texts, as many as {@code first}
     * @return the batch
     */
    public TokenizedBatch encodePairs(List<String> first, List<String> second) {
        return pad(encodeEach(first, second));
    }

    /** Single texts, long ones cut first; a cut text that did not fill maxLength is redone whole. */
    private Encoding[] encodeSingles(List<String> texts) {
        if (texts.isEmpty()) {
            return new Encoding[0];
        }
        String[] input = texts.toArray(new String[0]);
        if (cut != null) {
            for (int i = 0; i < input.length; i++) {
                input[i] = cut.cut(input[i]);
            }
        }
        Encoding[] encodings = tokenizer.batchEncode(input);
        for (int i = 0; i < input.length; i++) {
            if (input[i].length() != texts.get(i).length() && !encodings[i].exceedMaxLength()) {
                encodings[i] = tokenizer.encode(texts.get(i));
            }
        }
        return encodings;
    }

    private Encoding[] encodeEach(List<String> first, List<String> second) {
        if (first.size() != second.size()) {
            throw new IllegalArgumentException(
                    first.size() + " first texts but " + second.size() + " second texts");
        }
        Encoding[] encodings = new Encoding[first.size()];
        for (int i = 0; i < encodings.length; i++) {
            encodings[i] = tokenizer.encode(first.get(i), second.get(i));
        }
        return encodings;
    }

    private TokenizedBatch pad(Encoding[] encodings) {
        if (encodings.length == 0) {
            throw new IllegalArgumentException("cannot encode an empty batch");
        }
        int length = 0;
        for (Encoding e : encodings) {
            length = Math.max(length, e.getIds().length);
        }
        long[][] ids = new long[encodings.length][length];
        long[][] mask = new long[encodings.length][length];
        long[][] types = new long[encodings.length][length];
        for (int i = 0; i < encodings.length; i++) {
            long[] src = encodings[i].getIds();
            Arrays.fill(ids[i], padTokenId);
            System.arraycopy(src, 0, ids[i], 0, src.length);
            Arrays.fill(mask[i], 0, src.length, 1L);
            System.arraycopy(encodings[i].getTypeIds(), 0, types[i], 0, src.length);
        }
        return new TokenizedBatch(ids, mask, types);
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /** Builds a {@link TextTokenizer}. */
    public static final class Builder {

        private Path path;
        private InputStream stream;
        private int maxLength = 128;
        private long padTokenId;

        Builder() {}

        /**
         * Reads the tokenizer from a {@code tokenizer.json} file (this or
         * {@link #setTokenizerJson(InputStream)} is required).
         *
         * @param tokenizerJson the file
         * @return this builder
         */
        public Builder setTokenizerJson(Path tokenizerJson) {
            this.path = tokenizerJson;
            return this;
        }

        /**
         * Reads the tokenizer from a stream of {@code tokenizer.json} content (a jar entry).
         *
         * @param tokenizerJson the stream; read fully and closed by {@link #build()}
         * @return this builder
         */
        public Builder setTokenizerJson(InputStream tokenizerJson) {
            this.stream = tokenizerJson;
            return this;
        }

        /**
         * The maximum sequence length in tokens, special tokens included (default 128).
         *
         * @param maxLength {@code >= 2}
         * @return this builder
         */
        public Builder optMaxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        /**
         * The id used to pad shorter sequences: the model's {@code pad_token_id} (default 0,
         * BERT's {@code [PAD]}; RoBERTa uses 1).
         *
         * @param padTokenId the pad id
         * @return this builder
         */
        public Builder optPadTokenId(long padTokenId) {
            this.padTokenId = padTokenId;
            return this;
        }

        /**
         * Loads the tokenizer (offline).
         *
         * @return the tokenizer
         * @throws IOException if the tokenizer.json cannot be read or parsed
         */
        public TextTokenizer build() throws IOException {
            if ((path == null) == (stream == null)) {
                throw new IllegalArgumentException(
                        "TextTokenizer.Builder: set exactly one tokenizer.json source");
            }
            if (maxLength < 2) {
                throw new IllegalArgumentException("maxLength must be >= 2, got " + maxLength);
            }
            if (padTokenId < 0) {
                throw new IllegalArgumentException("padTokenId must be >= 0, got " + padTokenId);
            }
            Map<String, String> options =
                    Map.of(
                            "truncation", "true",
                            "padding", "false",
                            "maxLength", Integer.toString(maxLength),
                            "addSpecialTokens", "true");
            byte[] json;
            if (path != null) {
                if (!Files.isRegularFile(path)) {
                    throw new IOException("tokenizer.json not found: " + path);
                }
                json = Files.readAllBytes(path);
            } else {
                try (InputStream in = stream) {
                    json = in.readAllBytes();
                }
            }
            LongTextCut cut = LongTextCut.forTokenizer(json, maxLength);
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), options);
            return new TextTokenizer(tokenizer, maxLength, padTokenId, cut);
        }
    }
}
