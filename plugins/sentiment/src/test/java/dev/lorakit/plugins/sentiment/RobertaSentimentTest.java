package dev.lorakit.plugins.sentiment;

import dev.lorakit.testing.support.TestContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lorakit.api.Batch;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.io.Safetensors;
import dev.lorakit.train.DefaultLearner;
import dev.lorakit.train.optim.AdamWConfig;
import dev.lorakit.zoo.bert.BertConfig;
import dev.lorakit.zoo.bert.BertModel;
import dev.lorakit.zoo.bert.HuggingFaceFolder;
import dev.lorakit.zoo.data.TextCorpora;
import dev.lorakit.zoo.task.SequenceClassificationTask;
import dev.lorakit.zoo.task.TextDataset;
import dev.lorakit.zoo.text.Gpt2Bpe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny RoBERTa checkpoint (RoBERTa keys, {@code padding_idx} 1) with the byte-level BPE
 * tokenizer built from GPT-2's files goes through the sentiment plugin: the plugin picks the
 * RoBERTa backbone with {@code RobertaForSequenceClassification}'s layout, batches pad with
 * {@code <pad>}, and LoRA training lowers the loss.
 */
class RobertaSentimentTest {

    @TempDir Path dir;

    @Test
    void robertaFolderWithByteLevelBpeTrainsThroughThePlugin() throws Exception {
        Path data = TextCorpora.dataDir();
        assumeTrue(Gpt2Bpe.isFetched(data), "GPT-2 BPE tokenizer absent; run " + Gpt2Bpe.SCRIPT);
        try (NDManager manager = NDManager.newBaseManager()) {
            Path folder = dir.resolve("tiny-roberta");
            BertConfig cfg = new BertConfig(BertConfig.Family.ROBERTA, Gpt2Bpe.VOCAB_SIZE, 16, 1, 2, 32,
                    BertConfig.GELU, 0.0f, 0.0f, 24 + Gpt2Bpe.PAD_ID + 1, 1, 1e-5f, Gpt2Bpe.PAD_ID);
            Engine.getInstance().setRandomSeed(5);
            BertModel original = BertModel.builder().setConfig(cfg).optPooler(false).build();
            original.initialize(manager, DataType.FLOAT32, new Shape(1, 4), new Shape(1, 4));
            HuggingFaceFolder.save(original, folder);
            // RobertaForSequenceClassification's layout: every encoder key under "roberta.".
            Map<String, NDArray> prefixed = new LinkedHashMap<>();
            ModuleTree.namedParameters(original).forEach((k, p) -> prefixed.put("roberta." + k, p.getArray()));
            Safetensors.write(folder.resolve(HuggingFaceFolder.SAFETENSORS), prefixed, Map.of("format", "pt"));
            Files.copy(Gpt2Bpe.tokenizerJson(data), folder.resolve(HuggingFaceFolder.TOKENIZER));
            Path csv = SentimentPluginTest.threeClassCsv(dir.resolve("reviews.csv"));

            SentimentConfig config = new SentimentConfig(TextDataset.FILE, csv.toString(), null, null,
                    null, null, folder.toString(), 24, 0.2, 0.0, null, null, null);
            try (SequenceClassificationTask task = (SequenceClassificationTask) new SentimentPlugin()
                    .createTask(config, new TestContext(dir, dir, 2, manager))) {
                assertThat(task.backbone().isRoberta()).isTrue();
                Batch batch = task.trainData().batch(manager, new int[] {0, 1, 2, 3});
                long[][] ids = toMatrix(batch.inputs().get(0));
                long[][] mask = toMatrix(batch.inputs().get(1));
                for (int i = 0; i < ids.length; i++) {
                    assertThat(ids[i][0]).isEqualTo(Gpt2Bpe.BOS_ID);
                    for (int t = 0; t < ids[i].length; t++) {
                        assertThat(ids[i][t] == Gpt2Bpe.PAD_ID).isEqualTo(mask[i][t] == 0);
                    }
                }
                task.model().initialize(manager, DataType.FLOAT32, task.inputShapes());
                // RobertaForSequenceClassification's paths, so PEFT keys read as in Python.
                assertThat(ModuleTree.namedParameters(task.model()).keySet())
                        .contains("roberta.encoder.layer.0.attention.self.query.weight",
                                "classifier.dense.weight", "classifier.out_proj.weight")
                        .noneMatch(k -> k.startsWith("bert.") || k.contains("pooler"));
                LoraModel.builder().setBlock(task.model())
                        .setConfig(LoraConfig.of("query", "value").withR(4).withAlpha(8).withModulesToSave("classifier"))
                        .optSeed(2).build();
                List<Double> losses = new ArrayList<>();
                try (DefaultLearner learner = DefaultLearner.builder().setModel(task.model())
                        .setOptimizer(AdamWConfig.of(0.01, null, null, 0.0).newOptimizer(manager)).setSeed(2).build()) {
                    int[] all = java.util.stream.IntStream.range(0, task.trainData().size()).toArray();
                    for (int step = 0; step < 12; step++) {
                        try (NDManager sub = manager.newSubManager()) {
                            Batch b = task.trainData().batch(sub, all);
                            losses.add(learner.step(fwd -> task.loss(fwd.apply(b.inputs()), b.labels())).loss());
                        }
                    }
                }
                assertThat(losses.get(losses.size() - 1)).isLessThan(losses.get(0));
            }
        }
    }

    private static long[][] toMatrix(NDArray array) {
        long[] flat = array.toType(DataType.INT64, false).toLongArray();
        int rows = (int) array.getShape().get(0);
        int cols = (int) array.getShape().get(1);
        long[][] out = new long[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, out[r], 0, cols);
        }
        return out;
    }
}
