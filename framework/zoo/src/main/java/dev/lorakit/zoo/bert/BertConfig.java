package dev.lorakit.zoo.bert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The shape and numerics of a BERT-family encoder, read from a Hugging Face {@code config.json}.
 *
 * <p>Field names follow the JSON keys ({@code hidden_size} → {@link #hiddenSize()}). Only what
 * changes the forward pass is kept; unknown keys of the JSON are ignored, as {@code transformers}
 * does.
 *
 * <pre>{@code
 * BertConfig cfg = BertConfig.read(Path.of("my-model/config.json"));
 * BertModel bert = BertModel.builder().setConfig(cfg).build();
 * }</pre>
 *
 * @param family BERT or RoBERTa (from {@code model_type}); decides how position ids are made
 * @param vocabSize {@code vocab_size}
 * @param hiddenSize {@code hidden_size}
 * @param numHiddenLayers {@code num_hidden_layers}
 * @param numAttentionHeads {@code num_attention_heads}; must divide the hidden size
 * @param intermediateSize {@code intermediate_size}
 * @param hiddenAct {@code hidden_act}; only {@code gelu} (the exact, erf-based GELU) is supported
 * @param hiddenDropoutProb {@code hidden_dropout_prob}
 * @param attentionProbsDropoutProb {@code attention_probs_dropout_prob}
 * @param maxPositionEmbeddings {@code max_position_embeddings}
 * @param typeVocabSize {@code type_vocab_size}
 * @param layerNormEps {@code layer_norm_eps}
 * @param padTokenId {@code pad_token_id}; RoBERTa's {@code padding_idx}
 */
public record BertConfig(
        Family family,
        int vocabSize,
        int hiddenSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int intermediateSize,
        String hiddenAct,
        float hiddenDropoutProb,
        float attentionProbsDropoutProb,
        int maxPositionEmbeddings,
        int typeVocabSize,
        float layerNormEps,
        int padTokenId) {

    /** The encoder families this zoo builds. They differ only in how position ids are made. */
    public enum Family {
        /** Position ids {@code 0..T-1}. */
        BERT,
        /** Position ids start at {@code padding_idx + 1}; padding tokens get {@code padding_idx}. */
        ROBERTA;

        /**
         * The family of a Hugging Face {@code model_type}.
         *
         * @param modelType the value of {@code model_type}, e.g. {@code bert}
         * @return the family
         * @throws IllegalArgumentException for model types this zoo cannot build
         */
        public static Family ofModelType(String modelType) {
            switch (modelType.toLowerCase(Locale.ROOT)) {
                case "bert":
                    return BERT;
                case "roberta":
                case "xlm-roberta":
                    return ROBERTA;
                default:
                    throw new IllegalArgumentException(
                            "model_type \""
                                    + modelType
                                    + "\" is not supported; known: bert, roberta, xlm-roberta");
            }
        }
    }

    /** The only activation supported: PyTorch's exact GELU, as Hugging Face's {@code "gelu"}. */
    public static final String GELU = "gelu";

    /** Validates every field; the message names the JSON key and the bad value. */
    public BertConfig {
        if (family == null) {
            throw new IllegalArgumentException("model_type is required (bert or roberta)");
        }
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("num_hidden_layers", numHiddenLayers);
        positive("num_attention_heads", numAttentionHeads);
        positive("intermediate_size", intermediateSize);
        positive("max_position_embeddings", maxPositionEmbeddings);
        positive("type_vocab_size", typeVocabSize);
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException(
                    "hidden_size "
                            + hiddenSize
                            + " is not a multiple of num_attention_heads "
                            + numAttentionHeads);
        }
        if (!GELU.equals(hiddenAct)) {
            throw new IllegalArgumentException(
                    "hidden_act \"" + hiddenAct + "\" is not supported; supported: " + GELU);
        }
        probability("hidden_dropout_prob", hiddenDropoutProb);
        probability("attention_probs_dropout_prob", attentionProbsDropoutProb);
        if (!(layerNormEps > 0)) {
            throw new IllegalArgumentException("layer_norm_eps must be > 0, got " + layerNormEps);
        }
        if (padTokenId < 0 || padTokenId >= vocabSize) {
            throw new IllegalArgumentException(
                    "pad_token_id " + padTokenId + " is outside the vocabulary [0, " + vocabSize + ")");
        }
        if (family == Family.ROBERTA && maxPositionEmbeddings <= padTokenId + 1) {
            throw new IllegalArgumentException(
                    "RoBERTa needs max_position_embeddings > pad_token_id + 1, got "
                            + maxPositionEmbeddings
                            + " and "
                            + padTokenId);
        }
    }

    /**
     * The configuration of sentence-transformers all-MiniLM-L6-v2 (its {@code config.json}).
     *
     * @return the MiniLM configuration
     */
    public static BertConfig miniLmL6() {
        return new BertConfig(
                Family.BERT, 30522, 384, 6, 12, 1536, GELU, 0.1f, 0.1f, 512, 2, 1e-12f, 0);
    }

    /**
     * Reads a Hugging Face {@code config.json}.
     *
     * @param configJson the file
     * @return the validated configuration
     * @throws IOException if the file cannot be read or is not JSON
     * @throws IllegalArgumentException naming the file and key when a value is missing or invalid
     */
    public static BertConfig read(Path configJson) throws IOException {
        JsonNode json = new ObjectMapper().readTree(Files.readString(configJson));
        try {
            return fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configJson + ": " + e.getMessage(), e);
        }
    }

    /**
     * Builds a configuration from the parsed JSON object of a {@code config.json}; missing
     * optional keys take {@code transformers}' defaults.
     *
     * @param json the JSON object
     * @return the validated configuration
     */
    public static BertConfig fromJson(JsonNode json) {
        Family family = Family.ofModelType(required(json, "model_type").asText());
        return new BertConfig(
                family,
                required(json, "vocab_size").asInt(),
                required(json, "hidden_size").asInt(),
                required(json, "num_hidden_layers").asInt(),
                required(json, "num_attention_heads").asInt(),
                required(json, "intermediate_size").asInt(),
                json.path("hidden_act").asText(GELU),
                (float) json.path("hidden_dropout_prob").asDouble(0.1),
                (float) json.path("attention_probs_dropout_prob").asDouble(0.1),
                json.path("max_position_embeddings").asInt(512),
                json.path("type_vocab_size").asInt(2),
                (float) json.path("layer_norm_eps").asDouble(1e-12),
                json.path("pad_token_id").asInt(family == Family.ROBERTA ? 1 : 0));
    }

    /**
     * This configuration as the JSON object of a Hugging Face {@code config.json}.
     *
     * @return a new JSON object
     */
    public JsonNode toJson() {
        ObjectMapper mapper = new ObjectMapper();
        return mapper.createObjectNode()
                .put("model_type", family == Family.BERT ? "bert" : "roberta")
                .put("vocab_size", vocabSize)
                .put("hidden_size", hiddenSize)
                .put("num_hidden_layers", numHiddenLayers)
                .put("num_attention_heads", numAttentionHeads)
                .put("intermediate_size", intermediateSize)
                .put("hidden_act", hiddenAct)
                .put("hidden_dropout_prob", hiddenDropoutProb)
                .put("attention_probs_dropout_prob", attentionProbsDropoutProb)
                .put("max_position_embeddings", maxPositionEmbeddings)
                .put("type_vocab_size", typeVocabSize)
                .put("layer_norm_eps", layerNormEps)
                .put("pad_token_id", padTokenId);
    }

    /**
     * The longest sequence the position table allows: {@code max_position_embeddings} for BERT,
     * {@code max_position_embeddings - pad_token_id - 1} for RoBERTa (its ids are offset).
     *
     * @return the maximum number of tokens per sequence
     */
    public int maxSequenceLength() {
        return family == Family.ROBERTA
                ? maxPositionEmbeddings - padTokenId - 1
                : maxPositionEmbeddings;
    }

    /**
     * The width of one attention head.
     *
     * @return {@code hidden_size / num_attention_heads}
     */
    public int headSize() {
        return hiddenSize / numAttentionHeads;
    }

    private static JsonNode required(JsonNode json, String key) {
        JsonNode v = json.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing required key \"" + key + "\"");
        }
        return v;
    }

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be > 0, got " + value);
        }
    }

    private static void probability(String key, float value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(key + " must be in [0, 1), got " + value);
        }
    }
}
