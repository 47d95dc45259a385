package dev.lorakit.zoo.task;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.lorakit.lora.peft.PeftAdapters;
import dev.lorakit.zoo.bert.BertClassifier;
import dev.lorakit.zoo.data.LabelVocabulary;
import dev.lorakit.zoo.text.TokenizedBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classifies texts with a trained adapter: the pretrained backbone, a {@link BertClassifier}
 * with the run's classes, and the PEFT adapter folder (LoRA matrices plus the head saved through
 * {@code modules_to_save}) loaded on top.
 *
 * <pre>{@code
 * try (TextPredictor p = TextPredictor.builder()
 *         .setLabels(List.of("negative", "positive"))
 *         .setAdapter(Path.of("runs/x/adapter"))
 *         .build()) {
 *     TextPredictor.Prediction best = p.predict(List.of("A gem of a film.")).get(0);
 * }
 * }</pre>
 *
 * <p>A run trained with a text-pair column takes pairs ({@link Builder#optTextPairs}, {@link
 * #predict(List, List)}), encoded as in training: {@code [CLS] text [SEP] pair [SEP]}. Texts are
 * classified in batches of 32, each padded to its own longest text.
 */
public final class TextPredictor implements AutoCloseable {

    private static final int BATCH = 32;

    private final NDManager manager;
    private final TextBackbone backbone;
    private final BertClassifier model;
    private final LabelVocabulary labels;
    private final boolean textPairs;

    /**
     * One text's prediction.
     *
     * @param text the text
     * @param textPair the second text of a pair, or null for a single text
     * @param label the most probable class
     * @param probabilities every class's softmax probability, in class-id order
     */
    public record Prediction(String text, String textPair, String label, Map<String, Double> probabilities) {}

    private TextPredictor(Builder b) throws IOException {
        textPairs = b.textPairs;
        manager = NDManager.newBaseManager();
        try {
            labels = new LabelVocabulary(b.labels);
            backbone = TextBackbone.load(b.backbone, b.maxLength, manager);
            model = BertClassifier.builder().setEncoder(backbone.encoder()).setNumLabels(labels.size()).build();
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 8),
                    new Shape(1, 8), new Shape(1, 8));
            PeftAdapters.load(model, b.adapter);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Classifies single texts.
     *
     * @param texts the texts
     * @return one prediction per text, in order
     * @throws IllegalArgumentException when the model was trained on text pairs
     */
    public List<Prediction> predict(List<String> texts) {
        if (textPairs) {
            throw new IllegalArgumentException("the model was trained on text pairs: give a second text for each text");
        }
        return classify(texts, null);
    }

    /**
     * Classifies text pairs.
     *
     * @param texts the first texts
     * @param pairs the second texts, one per first text
     * @return one prediction per pair, in order
     * @throws IllegalArgumentException when the model was trained on single texts or the lists
     *     differ in length
     */
    public List<Prediction> predict(List<String> texts, List<String> pairs) {
        if (!textPairs) {
            throw new IllegalArgumentException("the model was trained on single texts, not on text pairs");
        }
        if (pairs.size() != texts.size()) {
            throw new IllegalArgumentException(texts.size() + " texts but " + pairs.size() + " second texts");
        }
        return classify(texts, pairs);
    }

    private List<Prediction> classify(List<String> texts, List<String> pairs) {
        List<Prediction> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += BATCH) {
            int to = Math.min(texts.size(), from + BATCH);
            List<String> chunk = texts.subList(from, to);
            List<String> second = pairs == null ? null : pairs.subList(from, to);
            try (NDManager step = manager.newSubManager()) {
                TokenizedBatch tokens = second == null ? backbone.tokenizer().encode(chunk)
                        : backbone.tokenizer().encodePairs(chunk, second);
                NDArray logits = model.forward(new ParameterStore(step, false), tokens.toNDList(step), false).head();
                float[] p = logits.softmax(1).toFloatArray();
                int classes = labels.size();
                for (int i = 0; i < chunk.size(); i++) {
                    Map<String, Double> probs = new LinkedHashMap<>();
                    int best = 0;
                    for (int c = 0; c < classes; c++) {
                        probs.put(labels.labelOf(c), (double) p[i * classes + c]);
                        best = p[i * classes + c] > p[i * classes + best] ? c : best;
                    }
                    out.add(new Prediction(chunk.get(i), second == null ? null : second.get(i), labels.labelOf(best),
                            probs));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        backbone.close();
        manager.close();
    }

    /** Builds a {@link TextPredictor}: {@code setX} are required, {@code optX} optional. */
    public static final class Builder {
        private Path backbone;
        private int maxLength = 128;
        private List<String> labels;
        private Path adapter;
        private boolean textPairs;

        private Builder() {}

        /**
         * Whether the model was trained on text pairs (a {@code text_pair_column}); then only
         * {@link TextPredictor#predict(List, List)} is allowed, else only {@link
         * TextPredictor#predict(List)}.
         *
         * @param textPairs true for a pair model (default false)
         * @return this builder
         */
        public Builder optTextPairs(boolean textPairs) {
            this.textPairs = textPairs;
            return this;
        }

        /**
         * The backbone the adapter was trained on (see {@link TextBackbone#load}); default: the
         * MiniLM on the class path.
         *
         * @param backbone a Hugging Face folder, a MiniLM jar / folder / .onnx, or null
         * @return this builder
         */
        public Builder optBackbone(Path backbone) {
            this.backbone = backbone;
            return this;
        }

        /**
         * Tokens per text, special tokens included (default 128).
         *
         * @param maxLength the truncation length
         * @return this builder
         */
        public Builder optMaxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        /**
         * The class names in class-id order, as the run wrote them to {@link
         * SequenceClassificationTask#LABELS_FILE}.
         *
         * @param labels the labels
         * @return this builder
         */
        public Builder setLabels(List<String> labels) {
            this.labels = labels;
            return this;
        }

        /**
         * The PEFT adapter folder ({@code adapter_config.json}, {@code adapter_model.safetensors}).
         *
         * @param adapter the folder
         * @return this builder
         */
        public Builder setAdapter(Path adapter) {
            this.adapter = adapter;
            return this;
        }

        /**
         * Loads the backbone and the adapter.
         *
         * @return the predictor; close it when done
         * @throws IOException when the backbone or adapter cannot be read
         * @throws IllegalArgumentException when a required setting is missing or the adapter
         *     does not fit the model
         */
        public TextPredictor build() throws IOException {
            if (labels == null || adapter == null) {
                throw new IllegalArgumentException("TextPredictor needs setLabels and setAdapter");
            }
            if (!Files.isRegularFile(adapter.resolve("adapter_config.json"))) {
                throw new IOException(adapter + " holds no adapter_config.json: not a PEFT adapter folder");
            }
            return new TextPredictor(this);
        }
    }
}
