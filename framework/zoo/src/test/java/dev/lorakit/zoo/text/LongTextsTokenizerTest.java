package dev.lorakit.zoo.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.lorakit.testing.support.PeakRss;
import dev.lorakit.zoo.data.TextCorpora;
import dev.lorakit.zoo.onnx.MiniLmArtifact;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Long texts and whole corpora through {@link TextTokenizer}: the ids are those of the whole text
 * truncated, and the native memory stays bounded (the spam run held ~1.5 GB after measuring its
 * corpus in one call; docs/language.md "Memory of a text run").
 */
class LongTextsTokenizerTest {

    private static final int MAX_LENGTH = 32;
    private static final String[] PIECES = {
        "spam", "ham", "Click", "here", "now!!!", "café", "naïve", "über", "東京", "http://example.com/a?b=c",
        "$1,000,000", "e-mail", "don't", "👍", "\u00a0", "(", ")", "[SEP]", "--", "x1y2z3"
    };
    private static final String[] GAPS = {" ", " ", " ", "  ", "\n", "\n\n", "\t", " \n ", ", ", ". "};

    @Test
    void cutTextsGiveTheIdsOfTheWholeTextWordPiece() throws Exception {
        MiniLmArtifact minilm = MiniLmArtifact.fromClasspath();
        try (InputStream in = minilm.openTokenizerJson()) {
            assertCutIsExact(in.readAllBytes());
        }
    }

    @Test
    void cutTextsGiveTheIdsOfTheWholeTextByteLevelBpe() throws Exception {
        assumeTrue(Gpt2Bpe.isFetched(TextCorpora.dataDir()), "GPT-2 BPE tokenizer absent; run " + Gpt2Bpe.SCRIPT);
        assertCutIsExact(Files.readAllBytes(Gpt2Bpe.tokenizerJson(TextCorpora.dataDir())));
    }

    @Test
    void aTokenizerThatMayMergeAcrossSpacesIsNeverCut() throws Exception {
        String merging = "{\"pre_tokenizer\": {\"type\": \"ByteLevel\", \"use_regex\": false}, \"normalizer\": null}";
        String replacing = "{\"pre_tokenizer\": {\"type\": \"BertPreTokenizer\"},"
                + " \"normalizer\": {\"type\": \"Replace\", \"pattern\": {\"String\": \"  \"}, \"content\": \" \"}}";
        String spacedToken = "{\"pre_tokenizer\": {\"type\": \"WhitespaceSplit\"}, \"added_tokens\": [{\"content\": \"a b\"}]}";
        String bert = "{\"pre_tokenizer\": {\"type\": \"Sequence\", \"pretokenizers\": [{\"type\": \"BertPreTokenizer\"},"
                + " {\"type\": \"Digits\"}]}, \"normalizer\": {\"type\": \"Sequence\", \"normalizers\": [{\"type\": \"NFD\"},"
                + " {\"type\": \"Lowercase\"}]}}";
        assertThat(LongTextCut.forTokenizer(merging.getBytes(), 8)).isNull();
        assertThat(LongTextCut.forTokenizer(replacing.getBytes(), 8)).isNull();
        assertThat(LongTextCut.forTokenizer(spacedToken.getBytes(), 8)).isNull();
        LongTextCut cut = LongTextCut.forTokenizer(bert.getBytes(), 1);
        assertThat(cut).isNotNull();
        // Budget 16 characters: cut before the first space after them that follows a non-space.
        assertThat(cut.cut("0123456789abcdef   gh ij")).isEqualTo("0123456789abcdef");
        assertThat(cut.cut("0123456789abcdefgh  ij")).isEqualTo("0123456789abcdefgh");
        assertThat(cut.cut("0123456789abcdefghij")).isEqualTo("0123456789abcdefghij");
        assertThat(cut.cut("short")).isEqualTo("short");
    }

    @Test
    void measuringACorpusDoesNotHoldAllItsTokensAtOnce() throws Exception {
        assumeTrue(PeakRss.supported(), "needs Linux /proc/self/clear_refs to reset the peak RSS");
        // 2,500 texts of ~2,400 characters, below the cut (128 tokens x 16 characters): only the
        // number of texts per native call bounds the memory here. All at once this held ~400 MB.
        List<String> texts = texts(new Random(7), 2_500, 2_000);
        try (TextTokenizer tok = MiniLmArtifact.fromClasspath().loadTokenizer(128)) {
            tok.lengths(texts.subList(0, 10), null);
            long grown = PeakRss.growth(() -> tok.lengths(texts, null));
            assertThat(grown).as("peak RSS growth while measuring 2,500 texts").isLessThan(120L << 20);
        }
    }

    @Test
    void aVeryLongTextCostsItsCutNotItsLength() throws Exception {
        assumeTrue(PeakRss.supported(), "needs Linux /proc/self/clear_refs to reset the peak RSS");
        // 16 texts of ~400,000 characters in one batch: tokenized whole they held ~400 MB.
        List<String> texts = texts(new Random(8), 16, 330_000);
        try (TextTokenizer tok = MiniLmArtifact.fromClasspath().loadTokenizer(128)) {
            tok.encode(texts.subList(0, 1));
            long grown = PeakRss.growth(() -> tok.encode(texts));
            assertThat(grown).as("peak RSS growth while encoding 16 very long texts").isLessThan(120L << 20);
        }
    }

    private static void assertCutIsExact(byte[] json) throws Exception {
        Random random = new Random(1);
        List<String> texts = texts(random, 60, 600);
        // Mostly spaces after a few words: the cut text holds fewer than MAX_LENGTH tokens, so
        // the whole text must be tokenized again.
        texts.add("few words" + " ".repeat(3_000) + String.join(" ", texts(random, 1, 400)));
        texts.add("x".repeat(5_000) + " tail"); // no space after the budget but one: cut there
        Map<String, String> options = Map.of("truncation", "true", "padding", "false",
                "maxLength", Integer.toString(MAX_LENGTH), "addSpecialTokens", "true");
        try (HuggingFaceTokenizer whole = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), options);
                TextTokenizer tok = TextTokenizer.builder().setTokenizerJson(new ByteArrayInputStream(json))
                        .optMaxLength(MAX_LENGTH).build()) {
            assertThat(LongTextCut.forTokenizer(json, MAX_LENGTH)).as("this tokenizer allows cutting").isNotNull();
            int[] lengths = tok.lengths(texts, null);
            TokenizedBatch batch = tok.encode(texts);
            for (int i = 0; i < texts.size(); i++) {
                long[] want = whole.encode(texts.get(i)).getIds();
                assertThat(tok.ids(texts.get(i))).as("text %d", i).containsExactly(want);
                assertThat(lengths[i]).as("length of text %d", i).isEqualTo(want.length);
                long[] row = Arrays.copyOf(batch.inputIds()[i], want.length);
                assertThat(row).as("batch row %d", i).containsExactly(want);
            }
        }
    }

    /** Texts of at least {@code minChars} characters of words and mixed gaps. */
    private static List<String> texts(Random random, int count, int minChars) {
        List<String> out = new ArrayList<>(count);
        for (int t = 0; t < count; t++) {
            StringBuilder sb = new StringBuilder();
            while (sb.length() < minChars) {
                sb.append(PIECES[random.nextInt(PIECES.length)]).append(GAPS[random.nextInt(GAPS.length)]);
            }
            out.add(sb.toString());
        }
        return out;
    }
}
