package dev.lorakit.zoo.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.io.AtomicFiles;
import dev.lorakit.lora.io.Safetensors;
import dev.lorakit.lora.io.SafetensorsFile;
import dev.lorakit.lora.peft.PeftAdapters;
import dev.lorakit.lora.peft.PeftMetadata;
import dev.lorakit.testing.support.Subprocess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lorakit's sequence classifiers against the real {@code transformers} + PEFT on the same tiny
 * Hugging Face folders: a RoBERTa ({@code RobertaForSequenceClassification}: {@code roberta.},
 * {@code classifier.dense} / {@code out_proj} on {@code <s>}), a BERT with pooler ({@code
 * BertForSequenceClassification}) and a BERT without pooler (all-MiniLM-L6-v2's layout, mean
 * pooling). An adapter saved here (LoRA on query/value, head in {@code modules_to_save}) loads in
 * {@code PeftModel.from_pretrained} with every key used and the same logits (max abs difference
 * 1e-4), and PEFT's {@code save_pretrained} adapter loads here with PEFT's logits. Skipped when
 * {@code python3 -c "import transformers, peft, torch"} fails.
 */
class HfClassifierPeftIT {

    private static final Path SCRIPT = Path.of("src/test/python/hf_classifier_peft.py");
    private static final int LABELS = 3;

    @TempDir Path work;

    record Case(String name, BertConfig config, boolean pooler) {}

    private static List<Case> cases() {
        return List.of(
                new Case("roberta", new BertConfig(BertConfig.Family.ROBERTA, 60, 16, 2, 4, 32, BertConfig.GELU,
                        0.1f, 0.1f, 24, 1, 1e-5f, 1), false),
                new Case("bert_pooler", new BertConfig(BertConfig.Family.BERT, 60, 16, 2, 4, 32, BertConfig.GELU,
                        0.1f, 0.1f, 24, 2, 1e-12f, 0), true),
                new Case("bert_minilm_layout", new BertConfig(BertConfig.Family.BERT, 60, 16, 2, 4, 32, BertConfig.GELU,
                        0.1f, 0.1f, 24, 2, 1e-12f, 0), false));
    }

    @Test
    void classifierAdaptersRoundTripThroughTransformersAndPeft() throws Exception {
        assumeTrue(Subprocess.pythonImports("transformers", "peft", "torch", "safetensors"),
                "Python with transformers, peft, torch and safetensors is not installed"
                        + " (pip install -r framework/zoo/src/test/python/requirements.txt)");
        Engine.getInstance().setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDList> inputs = new LinkedHashMap<>();
            for (Case c : cases()) {
                Path dir = Files.createDirectories(work.resolve(c.name()));
                BertModel base = BertModel.builder().setConfig(c.config()).optPooler(c.pooler()).build();
                base.initialize(m, DataType.FLOAT32, new Shape(1, 4), new Shape(1, 4));
                HuggingFaceFolder.save(base, dir.resolve("model"));
                AtomicFiles.writeString(dir.resolve("case.json"), String.format(
                        "{\"family\": \"%s\", \"num_labels\": %d, \"mean_pooling\": %b}",
                        c.config().family() == BertConfig.Family.ROBERTA ? "roberta" : "bert", LABELS,
                        c.config().family() == BertConfig.Family.BERT && !c.pooler()));
                NDList in = input(m, c.config());
                inputs.put(c.name(), in);
                Safetensors.write(dir.resolve("input.safetensors"),
                        Map.of("input_ids", in.get(0), "attention_mask", in.get(1)), Map.of());

                BertClassifier clf = classifier(dir.resolve("model"), m);
                LoraModel lora = LoraModel.builder().setBlock(clf)
                        .setConfig(LoraConfig.of("query", "value").withR(4).withAlpha(8).withModulesToSave("classifier"))
                        .optSeed(1).build();
                // Non-zero A and B and a changed head, as after training.
                lora.trainableParameters().values().forEach(p ->
                        p.getArray().set(m.randomNormal(p.getArray().getShape()).mul(0.3f).toFloatArray()));
                Safetensors.write(dir.resolve("expected.safetensors"), Map.of("logits", logits(clf, in)), Map.of());
                PeftAdapters.save(lora, dir.resolve("adapter"),
                        new PeftMetadata(dir.resolve("model").toString(), "SEQ_CLS"));
            }
            Subprocess.Result python = Subprocess.run(List.of("python3", SCRIPT.toString(), work.toString()),
                    work.resolve("python.log"));
            System.out.println(python.output());
            assertThat(python.code()).as("hf_classifier_peft.py output:%n%s", python.output()).isZero();

            for (Case c : cases()) {
                Path dir = work.resolve(c.name());
                BertClassifier fresh = classifier(dir.resolve("model"), m);
                PeftAdapters.load(fresh, dir.resolve("peft_adapter"));
                NDArray ours = logits(fresh, inputs.get(c.name()));
                try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("peft_expected.safetensors"))) {
                    NDArray theirs = f.load(m, "logits");
                    assertThat(ours.sub(theirs).abs().max().getFloat())
                            .as("%s: lorakit logits with PEFT's adapter", c.name()).isLessThanOrEqualTo(1e-4f);
                }
            }
        }
    }

    /** The classifier as the text tasks build it from a folder (TextBackbone's loading rule). */
    private static BertClassifier classifier(Path folder, NDManager m) throws IOException {
        BertConfig config = BertConfig.read(folder.resolve(HuggingFaceFolder.CONFIG));
        BertModel encoder = HuggingFaceFolder.loadEncoder(folder, m, config.family() != BertConfig.Family.ROBERTA);
        BertClassifier clf = BertClassifier.builder().setEncoder(encoder).setNumLabels(LABELS).build();
        clf.initialize(m, DataType.FLOAT32, new Shape(1, 4), new Shape(1, 4));
        return clf;
    }

    /** Two padded sequences: RoBERTa's start with {@code <s>} = 0 and pad with 1, BERT's pad with 0. */
    private static NDList input(NDManager m, BertConfig config) {
        long pad = config.padTokenId();
        long bos = config.family() == BertConfig.Family.ROBERTA ? 0 : 2;
        long[][] ids = {{bos, 17, 44, 9, 31, 3}, {bos, 25, 5, pad, pad, pad}};
        long[][] mask = {{1, 1, 1, 1, 1, 1}, {1, 1, 1, 0, 0, 0}};
        return new NDList(m.create(ids), m.create(mask));
    }

    private static NDArray logits(BertClassifier clf, NDList in) {
        return clf.forward(new ParameterStore(in.head().getManager(), false), in, false).head();
    }
}
