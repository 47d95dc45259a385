package dev.lorakit.zoo.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.zoo.onnx.MiniLmArtifact;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real MiniLM WordPiece tokenizer.json through DJL's offline tokenizers. */
class TextTokenizerTest {

    @Test
    void padsTruncatesAndMarksPairs() throws Exception {
        try (TextTokenizer tok = MiniLmArtifact.fromClasspath().loadTokenizer(8)) {
            TokenizedBatch b = tok.encode(List.of("I love this movie!", "Dull.",
                    "a very long sentence that will certainly not fit into eight tokens"));
            assertThat(b.length()).isEqualTo(8);
            assertThat(b.inputIds()[0]).containsExactly(101, 1045, 2293, 2023, 3185, 999, 102, 0);
            assertThat(b.attentionMask()[0]).containsExactly(1, 1, 1, 1, 1, 1, 1, 0);
            assertThat(b.inputIds()[2][0]).isEqualTo(101);
            assertThat(b.inputIds()[2][7]).as("truncation keeps [SEP]").isEqualTo(102);
            TokenizedBatch pair = tok.encodePairs(List.of("Dull."), List.of("Great!"));
            assertThat(pair.tokenTypeIds()[0]).contains(0L, 1L);
            assertThat(pair.inputIds()[0]).containsSubsequence(101L, 102L, 102L);
        }
    }

    @Test
    void padIdIsTheModels() throws Exception {
        MiniLmArtifact minilm = MiniLmArtifact.fromClasspath();
        try (TextTokenizer tok = TextTokenizer.builder()
                .setTokenizerJson(minilm.openTokenizerJson()).optPadTokenId(1).build()) {
            TokenizedBatch b = tok.encode(List.of("one two three", "one"));
            assertThat(b.inputIds()[1][b.length() - 1]).isEqualTo(1);
            assertThat(b.attentionMask()[1][b.length() - 1]).isZero();
        }
        assertThatThrownBy(() -> TextTokenizer.builder().build()).hasMessageContaining("tokenizer.json");
    }
}
