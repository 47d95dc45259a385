package dev.lorakit.zoo.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Set;

/**
 * Cuts a long text before it is tokenized, when that cannot change the truncated result.
 *
 * <p>Why: the Hugging Face tokenizer tokenizes the whole text and only then truncates it, keeping
 * every token of the rest in "overflowing" encodings. An email of 300,000 characters costs ~20 MB
 * of native memory and its full tokenization time to yield 128 ids, and glibc keeps what such
 * calls freed (docs/language.md, "Memory of a text run").
 *
 * <p>When it is exact: the text is cut just before a space that follows a non-space character.
 * With the pre-tokenizers accepted here a piece never spans such a point (BERT's and the
 * whitespace splitters split there, byte-level BPE's regex starts a piece with the space,
 * Metaspace starts one at each space), and the accepted normalizers act on characters one by one,
 * so the cut text's tokens are the full text's first tokens. If they already exceed the maximum
 * length, truncation keeps the same ones; otherwise the caller tokenizes the full text ({@link
 * TextTokenizer} does). Tokenizers with other pre-tokenizers or normalizers, or with an added
 * token that contains a space, are never cut.
 */
final class LongTextCut {

    /** Characters kept per token of the maximum length: far above English's ~4-5 per token. */
    static final int CHARS_PER_TOKEN = 16;

    private static final Set<String> SPLITTING_PRE_TOKENIZERS =
            Set.of("BertPreTokenizer", "Whitespace", "WhitespaceSplit");
    private static final Set<String> CHARACTER_NORMALIZERS =
            Set.of("BertNormalizer", "Lowercase", "NFC", "NFD", "NFKC", "NFKD", "StripAccents", "Strip", "Prepend");

    private final int budget;

    private LongTextCut(int budget) {
        this.budget = budget;
    }

    /**
     * The cut for a tokenizer, or null when cutting could change its results.
     *
     * @param tokenizerJson the tokenizer.json content
     * @param maxLength the truncation length in tokens
     * @return the cut, or null
     * @throws IOException when the JSON cannot be parsed
     */
    static LongTextCut forTokenizer(byte[] tokenizerJson, int maxLength) throws IOException {
        JsonNode root = new ObjectMapper().readTree(tokenizerJson);
        if (!splitsBeforeSpaces(root.path("pre_tokenizer")) || !characterWise(root.path("normalizer"))) {
            return null;
        }
        for (JsonNode added : root.path("added_tokens")) {
            if (added.path("content").asText().contains(" ")) {
                return null;
            }
        }
        return new LongTextCut(Math.multiplyExact(maxLength, CHARS_PER_TOKEN));
    }

    /**
     * The text cut before the first space, at or after the budget, that follows a non-space.
     *
     * @param text the text
     * @return a prefix of the text, or the text itself when it is short or has no such space
     */
    String cut(String text) {
        for (int i = Math.max(1, budget); i < text.length(); i++) {
            if (text.charAt(i) == ' ' && !Character.isWhitespace(text.charAt(i - 1))) {
                return text.substring(0, i);
            }
        }
        return text;
    }

    private static boolean splitsBeforeSpaces(JsonNode pre) {
        String type = pre.path("type").asText("");
        if (type.equals("Metaspace")) {
            return pre.path("split").asBoolean(true);
        }
        if (type.equals("ByteLevel")) {
            return pre.path("use_regex").asBoolean(true);
        }
        if (type.equals("Sequence")) {
            // Later members only split the first member's pieces further; none merges pieces.
            JsonNode members = pre.path("pretokenizers");
            return members.size() > 0 && splitsBeforeSpaces(members.get(0));
        }
        return SPLITTING_PRE_TOKENIZERS.contains(type);
    }

    private static boolean characterWise(JsonNode normalizer) {
        if (normalizer.isMissingNode() || normalizer.isNull()) {
            return true;
        }
        String type = normalizer.path("type").asText("");
        if (type.equals("Sequence")) {
            for (JsonNode member : normalizer.path("normalizers")) {
                if (!characterWise(member)) {
                    return false;
                }
            }
            return true;
        }
        return CHARACTER_NORMALIZERS.contains(type);
    }
}
