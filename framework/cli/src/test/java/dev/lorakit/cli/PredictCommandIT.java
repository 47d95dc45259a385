package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lorakit.zoo.bert.BertConfig;
import dev.lorakit.zoo.bert.BertModel;
import dev.lorakit.zoo.bert.HuggingFaceFolder;
import dev.lorakit.zoo.onnx.MiniLmArtifact;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lorakit run} of a tiny sentiment run, then {@code lorakit predict} on its saved adapter,
 * in their own JVMs with the sentiment plugin jar from the build.
 */
class PredictCommandIT {

    @TempDir Path tmp;

    @Test
    void predictsWithTheSavedAdapterAndRefusesRunsWithout() throws Exception {
        writeTinyBackbone(tmp.resolve("backbone"));
        List<String> rows = new ArrayList<>(List.of("text,label"));
        String[] subjects = {"film", "movie", "plot", "cast", "story", "script", "ending", "score"};
        for (String s : subjects) {
            rows.add("a great " + s + ",positive");
            rows.add("the " + s + " was great,positive");
            rows.add("an awful " + s + ",negative");
            rows.add("the " + s + " was awful,negative");
        }
        Files.write(tmp.resolve("reviews.csv"), rows);
        Files.writeString(tmp.resolve("tiny.yaml"), String.join("\n",
                "plugin: sentiment",
                "seed: 1",
                "lora: {r: 4, alpha: 8}",
                "trainer: {optimizer: {type: adamw, lr: 0.02, weight_decay: 0.0}, batch_size: 8, max_steps: 40,"
                        + " log_every: 10}",
                "checkpoint: {every_steps: 0}",
                "sentiment: {dataset: file, file: reviews.csv, backbone: backbone, max_length: 16,"
                        + " validation_fraction: 0.25, test_fraction: 0.0}",
                ""));
        Map<String, String> plugin = Map.of("lorakit.bundled.plugins", pluginJar("sentiment").toString());
        String noPlugins = tmp.resolve("no-plugins").toString();

        CliProcess.Result run = CliProcess.run(tmp, plugin, "run", "tiny.yaml", "--run-dir", "lora-run",
                "--plugins-dir", noPlugins);
        assertThat(run.code()).as(run.err()).isZero();

        CliProcess.Result predicted = CliProcess.run(tmp, plugin, "predict", "lora-run", "a great film",
                "the ending was awful", "--plugins-dir", noPlugins);
        assertThat(predicted.code()).as(predicted.err()).isZero();
        List<String> lines = predicted.out().lines().toList();
        assertThat(lines.get(0)).matches("label\\s+negative\\s+positive\\s+text");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).endsWith("a great film").startsWith("positive");
        assertThat(lines.get(2)).endsWith("the ending was awful").startsWith("negative");
        for (String line : lines.subList(1, 3)) {
            double[] p = Arrays.stream(line.split("\\s+", 4)).skip(1).limit(2).mapToDouble(Double::parseDouble).toArray();
            assertThat(p[0] + p[1]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(2e-4));
            assertThat(Math.max(p[0], p[1])).as("a trained head is confident on its training words").isGreaterThan(0.6);
        }

        CliProcess.Result pairGiven = CliProcess.run(tmp, plugin, "predict", "lora-run", "a great film",
                "--pair", "the film was great", "--plugins-dir", noPlugins);
        assertThat(pairGiven.code()).isEqualTo(2);
        assertThat(pairGiven.err()).contains("was trained on single texts").contains("--pair is not allowed");

        CliProcess.Result full = CliProcess.run(tmp, plugin, "run", "tiny.yaml", "--run-dir", "full-run",
                "--set", "lora.enabled=false", "--set", "trainer.max_steps=2", "--plugins-dir", noPlugins);
        assertThat(full.code()).as(full.err()).isZero();
        CliProcess.Result refused = CliProcess.run(tmp, plugin, "predict", "full-run", "a great film",
                "--plugins-dir", noPlugins);
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("has no saved adapter").contains("full fine-tuning run");

        CliProcess.Result notARun = CliProcess.run(tmp, plugin, "predict", "backbone", "text",
                "--plugins-dir", noPlugins);
        assertThat(notARun.code()).isEqualTo(2);
        assertThat(notARun.err()).contains("not a run directory");
    }

    @Test
    void predictsTextPairsWithARunTrainedOnPairs() throws Exception {
        writeTinyBackbone(tmp.resolve("backbone"));
        List<String> rows = new ArrayList<>(List.of("premise,hypothesis,label"));
        String[] subjects = {"man", "woman", "child", "dog", "cat", "band", "team", "crowd"};
        for (String s : subjects) {
            rows.add("a " + s + " sleeps,the " + s + " rests,entailment");
            rows.add("a " + s + " sleeps,the " + s + " runs,contradiction");
            rows.add("a " + s + " sings,the " + s + " makes music,entailment");
            rows.add("a " + s + " sings,the " + s + " is silent,contradiction");
        }
        Files.write(tmp.resolve("pairs.csv"), rows);
        Files.writeString(tmp.resolve("pairs.yaml"), String.join("\n",
                "plugin: text-classification",
                "seed: 1",
                "lora: {r: 4, alpha: 8}",
                "trainer: {optimizer: {type: adamw, lr: 0.02, weight_decay: 0.0}, batch_size: 8, max_steps: 12,"
                        + " log_every: 4}",
                "checkpoint: {every_steps: 0}",
                "text-classification: {dataset: file, file: pairs.csv, text_column: premise, label_column: label,"
                        + " text_pair_column: hypothesis, backbone: backbone, max_length: 24, validation_fraction: 0.25,"
                        + " test_fraction: 0.0, batching: length}",
                ""));
        Map<String, String> plugin = Map.of("lorakit.bundled.plugins", pluginJar("text-classification").toString());
        String noPlugins = tmp.resolve("no-plugins").toString();
        CliProcess.Result run = CliProcess.run(tmp, plugin, "run", "pairs.yaml", "--run-dir", "pair-run",
                "--plugins-dir", noPlugins);
        assertThat(run.code()).as(run.err()).isZero();

        CliProcess.Result predicted = CliProcess.run(tmp, plugin, "predict", "pair-run", "a dog sleeps", "a band sings",
                "--pair", "the dog runs", "--pair", "the band makes music", "--plugins-dir", noPlugins);
        assertThat(predicted.code()).as(predicted.err()).isZero();
        List<String> lines = predicted.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("label\\s+contradiction\\s+entailment\\s+text  \\|  pair");
        assertThat(lines.get(1)).endsWith("a dog sleeps  |  the dog runs");
        assertThat(lines.get(2)).endsWith("a band sings  |  the band makes music");
        for (String line : lines.subList(1, 3)) {
            String[] cells = line.split("\\s+", 4);
            assertThat(cells[0]).isIn("contradiction", "entailment");
            double sum = Double.parseDouble(cells[1]) + Double.parseDouble(cells[2]);
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(2e-4));
        }

        CliProcess.Result noPair = CliProcess.run(tmp, plugin, "predict", "pair-run", "a dog sleeps",
                "--plugins-dir", noPlugins);
        assertThat(noPair.code()).isEqualTo(2);
        assertThat(noPair.err()).contains("was trained on text pairs (text-classification.text_pair_column: hypothesis)");
        CliProcess.Result tooFew = CliProcess.run(tmp, plugin, "predict", "pair-run", "a dog sleeps", "a cat sings",
                "--pair", "the dog runs", "--plugins-dir", noPlugins);
        assertThat(tooFew.code()).isEqualTo(2);
        assertThat(tooFew.err()).contains("2 TEXT but 1 --pair");
    }

    /** A randomly initialised one-layer BERT with MiniLM's vocabulary and tokenizer, as a Hugging Face folder. */
    private static void writeTinyBackbone(Path folder) throws Exception {
        BertConfig cfg = new BertConfig(BertConfig.Family.BERT, 30522, 16, 1, 2, 32, BertConfig.GELU, 0.0f, 0.0f, 32,
                2, 1e-12f, 0);
        try (NDManager manager = NDManager.newBaseManager()) {
            ai.djl.engine.Engine.getInstance().setRandomSeed(7);
            BertModel encoder = BertModel.builder().setConfig(cfg).optPooler(false).build();
            encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 4), new Shape(1, 4));
            HuggingFaceFolder.save(encoder, folder);
        }
        try (InputStream in = MiniLmArtifact.fromClasspath().openTokenizerJson()) {
            Files.copy(in, folder.resolve(HuggingFaceFolder.TOKENIZER));
        }
    }

    private static Path pluginJar(String plugin) throws Exception {
        try (Stream<Path> jars = Files.list(CliProcess.repo().resolve("plugins/" + plugin + "/target"))) {
            return jars.filter(p -> p.getFileName().toString().matches("lorakit-plugin-" + plugin + "-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("the " + plugin + " plugin jar is not built"));
        }
    }
}
