package dev.lorakit.zoo.task;

import ai.djl.ndarray.NDManager;
import dev.lorakit.zoo.bert.BertConfig;
import dev.lorakit.zoo.bert.BertModel;
import dev.lorakit.zoo.bert.HuggingFaceFolder;
import dev.lorakit.zoo.onnx.MiniLmArtifact;
import dev.lorakit.zoo.text.TextTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A pretrained text encoder with its tokenizer, chosen by one config value: a Hugging Face
 * model folder (BERT or RoBERTa, with {@code config.json}, weights and {@code tokenizer.json}),
 * a MiniLM jar / folder / {@code .onnx} file, or nothing for the real all-MiniLM-L6-v2 on the
 * class path.
 *
 * <pre>{@code
 * try (TextBackbone backbone = TextBackbone.load(null, 64, manager)) {
 *     BertModel encoder = backbone.encoder();
 * }
 * }</pre>
 *
 * @param encoder the encoder with its pretrained weights
 * @param tokenizer its tokenizer, padding with the encoder's {@code pad_token_id}
 * @param description where the weights came from, for logs and errors
 */
public record TextBackbone(BertModel encoder, TextTokenizer tokenizer, String description) implements AutoCloseable {

    /**
     * Loads a backbone.
     *
     * @param backbone a Hugging Face folder, a MiniLM jar / folder / .onnx path, or null for
     *     the MiniLM on the class path
     * @param maxLength tokens per text, special tokens included; lowered to the encoder's
     *     longest input when that is shorter
     * @param manager owns the parameters; keep it open while the model is used
     * @return the encoder and tokenizer
     * @throws IOException when the weights or tokenizer cannot be read
     */
    public static TextBackbone load(Path backbone, int maxLength, NDManager manager) throws IOException {
        if (backbone != null && Files.isRegularFile(backbone.resolve(HuggingFaceFolder.CONFIG))) {
            // RobertaForSequenceClassification has no pooler (add_pooling_layer=False).
            BertConfig config = BertConfig.read(backbone.resolve(HuggingFaceFolder.CONFIG));
            BertModel encoder = HuggingFaceFolder.loadEncoder(backbone, manager,
                    config.family() != BertConfig.Family.ROBERTA);
            TextTokenizer tokenizer = TextTokenizer.builder()
                    .setTokenizerJson(HuggingFaceFolder.tokenizerJson(backbone))
                    .optMaxLength(Math.min(maxLength, config.maxSequenceLength()))
                    .optPadTokenId(config.padTokenId())
                    .build();
            return new TextBackbone(encoder, tokenizer, config.family().name().toLowerCase(Locale.ROOT)
                    + " " + backbone);
        }
        MiniLmArtifact minilm = backbone == null ? MiniLmArtifact.fromClasspath() : MiniLmArtifact.at(backbone);
        return new TextBackbone(minilm.loadEncoder(manager), minilm.loadTokenizer(maxLength), minilm.description());
    }

    /**
     * Whether the encoder is a RoBERTa (position ids offset by {@code padding_idx + 1}).
     *
     * @return true for RoBERTa-family encoders
     */
    public boolean isRoberta() {
        return encoder.getConfig().family() == BertConfig.Family.ROBERTA;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
