package dev.lorakit.plugins.sentiment;

import dev.lorakit.testing.support.TestContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.lorakit.api.Batch;
import dev.lorakit.api.MetricAccumulator;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.zoo.bert.BertConfig;
import dev.lorakit.zoo.bert.BertModel;
import dev.lorakit.zoo.bert.HuggingFaceFolder;
import dev.lorakit.zoo.onnx.MiniLmArtifact;
import dev.lorakit.zoo.task.SequenceClassificationTask;
import dev.lorakit.zoo.task.TextBatching;
import dev.lorakit.zoo.task.TextDataset;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentimentPluginTest {

    @TempDir Path dir;

    private static SentimentConfig fileConfig(String file, List<String> labels, String backbone, Long splitSeed) {
        return new SentimentConfig(TextDataset.FILE, file, null, null, null, labels, backbone, 32, 0.2,
                0.2, splitSeed, null, null);
    }

    @Test
    void configDefaultsAndErrorsNameTheKey() throws Exception {
        SentimentConfig c = SentimentConfig.polarity();
        assertThat(c.maxLength()).isEqualTo(64);
        assertThat(c.splitSeed()).isNull();
        assertThat(c.validationFraction()).isEqualTo(0.1);
        assertThat(c.batching()).isEqualTo(TextBatching.SHUFFLED);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readValue("{\"dataset\": \"polarity\", \"batching\": \"length\"}", SentimentConfig.class)
                .batching()).isEqualTo(TextBatching.LENGTH);
        assertThatThrownBy(() -> json.readValue("{\"dataset\": \"polarity\", \"batching\": \"sorted\"}",
                SentimentConfig.class)).hasRootCauseMessage("\"sorted\" is not a batching; allowed: [shuffled, length]");
        assertThatThrownBy(() -> TextDataset.of("imdb")).hasMessageContaining("[spam, polarity, file]");
        assertThatThrownBy(() -> new SentimentConfig(TextDataset.SPAM, null, null, null, null, null, null, null, null,
                null, null, null, null)).hasMessageContaining("sentiment.dataset").hasMessageContaining("[polarity, file]");
        assertThatThrownBy(() -> fileConfig(null, null, null, null)).hasMessageContaining("sentiment.file");
        assertThatThrownBy(() -> fileConfig("x.csv", List.of("good", "good"), null, null))
                .hasMessageContaining("sentiment.labels");
        assertThatThrownBy(() -> new SentimentConfig(TextDataset.POLARITY, null, null, null, null, null,
                null, null, 0.0, 0.0, null, null, null)).hasMessageContaining("sentiment.validation_fraction");
    }

    @Test
    void declaresQueryValueTargetsAndTheHead() {
        SentimentPlugin plugin = new SentimentPlugin();
        assertThat(plugin.id()).isEqualTo("sentiment");
        assertThat(plugin.loraDefaults().targetModules()).containsExactly("query", "value");
        assertThat(plugin.loraDefaults().modulesToSave()).containsExactly("classifier");
    }

    /** A tiny BERT with MiniLM's vocabulary, saved as a Hugging Face folder with MiniLM's tokenizer. */
    static Path tinyBertFolder(Path folder, NDManager manager) throws Exception {
        BertConfig cfg = new BertConfig(BertConfig.Family.BERT, 30522, 16, 1, 2, 32, BertConfig.GELU, 0.1f, 0.1f, 64,
                2, 1e-12f, 0);
        BertModel encoder = BertModel.builder().setConfig(cfg).optPooler(false).build();
        encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 4), new Shape(1, 4));
        HuggingFaceFolder.save(encoder, folder);
        try (InputStream in = MiniLmArtifact.fromClasspath().openTokenizerJson()) {
            Files.copy(in, folder.resolve(HuggingFaceFolder.TOKENIZER));
        }
        return folder;
    }

    /** Thirty reviews on a three-point scale. */
    static Path threeClassCsv(Path file) throws Exception {
        List<String> lines = new ArrayList<>(List.of("text,label"));
        String[] words = {"awful", "fine", "great"};
        String[] labels = {"negative", "neutral", "positive"};
        for (int i = 0; i < 30; i++) {
            lines.add("\"The film was " + words[i % 3] + ", take " + i + ".\"," + labels[i % 3]);
        }
        Files.write(file, lines);
        return file;
    }

    @Test
    void fineGrainedLabelsOnAHuggingFaceBackbone() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Path backbone = tinyBertFolder(dir.resolve("tiny-bert"), manager);
            Path csv = threeClassCsv(dir.resolve("reviews.csv"));
            List<String> scale = List.of("negative", "neutral", "positive", "very positive");
            SentimentConfig config = fileConfig(csv.toString(), scale, backbone.toString(), 0L);
            try (SequenceClassificationTask task = (SequenceClassificationTask) new SentimentPlugin()
                    .createTask(config, new TestContext(dir, dir, 5, manager))) {
                // The configured order, including a class the data lacks.
                assertThat(task.labels().labels()).isEqualTo(scale);
                assertThat(Files.readString(dir.resolve(SequenceClassificationTask.LABELS_FILE)))
                        .isEqualTo("[\"negative\",\"neutral\",\"positive\",\"very positive\"]");
                assertThat(task.trainData().size()).isEqualTo(18);
                assertThat(task.evalData().size()).isEqualTo(6);
                assertThat(task.testData().size()).isEqualTo(6);
                task.model().initialize(manager, DataType.FLOAT32, task.inputShapes());
                assertThat(ModuleTree.namedParameters(task.model()))
                        .containsKeys("bert.encoder.layer.0.attention.self.query.weight", "classifier.weight");
                Batch batch = task.evalData().batch(manager, new int[] {0, 1, 2, 3, 4, 5});
                NDList logits = task.model().forward(new ParameterStore(manager, false), batch.inputs(), false);
                assertThat(logits.head().getShape()).isEqualTo(new Shape(6, 4));
                assertThat(task.loss(logits, batch.labels()).getFloat()).isPositive();
                MetricAccumulator metrics = task.newMetrics();
                metrics.update(logits, batch.labels());
                Map<String, Double> m = metrics.compute();
                assertThat(m).containsKeys("accuracy", "macro_f1", "loss", "class_accuracy/0_negative",
                        "class_accuracy/3_very_positive");
            }
        }
    }

    @Test
    void aFixedSplitSeedKeepsTheTestSetAcrossRunSeeds() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Path backbone = tinyBertFolder(dir.resolve("tiny-bert"), manager);
            Path csv = threeClassCsv(dir.resolve("reviews.csv"));
            List<List<Integer>> testLengths = new ArrayList<>();
            for (long seed : new long[] {1, 2}) {
                SentimentConfig config = fileConfig(csv.toString(), null, backbone.toString(), 0L);
                try (SequenceClassificationTask task = (SequenceClassificationTask) new SentimentPlugin()
                        .createTask(config, new TestContext(dir, dir, seed, manager))) {
                    testLengths.add(((dev.lorakit.zoo.task.LabelledTexts) task.testData()).examples().stream()
                            .map(e -> e.text().hashCode()).toList());
                }
            }
            assertThat(testLengths.get(0)).isEqualTo(testLengths.get(1));
        }
    }

    @Test
    void labelsMissingFromTheConfiguredScaleAreNamed() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Path backbone = tinyBertFolder(dir.resolve("tiny-bert"), manager);
            Path csv = threeClassCsv(dir.resolve("reviews.csv"));
            SentimentConfig config = fileConfig(csv.toString(), List.of("negative", "positive"), backbone.toString(), null);
            assertThatThrownBy(() -> new SentimentPlugin().createTask(config, new TestContext(dir, dir, 1, manager)))
                    .hasMessageContaining("sentiment.labels").hasMessageContaining("[neutral]");
        }
    }
}
