package dev.lorakit.plugins.textclassification;

import dev.lorakit.api.ExperimentContext;
import dev.lorakit.api.LoraDefaults;
import dev.lorakit.api.Task;
import dev.lorakit.api.TaskPlugin;
import dev.lorakit.zoo.data.ColumnMapping;
import dev.lorakit.zoo.data.StratifiedSplit;
import dev.lorakit.zoo.data.TextExample;
import dev.lorakit.zoo.task.SequenceClassificationTask;
import dev.lorakit.zoo.task.TextBackbone;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Text classification on a BERT-family backbone (default: the real all-MiniLM-L6-v2). The model
 * is {@link dev.lorakit.zoo.bert.BertClassifier}, whose paths are those of Hugging Face's
 * {@code BertForSequenceClassification} ({@code bert.encoder.layer.0.attention.self.query},
 * {@code classifier}), so the saved adapter's PEFT keys match a PEFT model built in Python on
 * that class. LoRA targets {@code query} and {@code value}; the head {@code classifier} is
 * trained in full ({@code modules_to_save}).
 */
public final class TextClassificationPlugin implements TaskPlugin<TextClassificationConfig> {

    @Override
    public String id() {
        return "text-classification";
    }

    @Override
    public String description() {
        return "Text classification (SpamAssassin, sentence polarity, CSV/TSV/JSONL) on a BERT backbone,"
                + " LoRA on query/value";
    }

    @Override
    public Class<TextClassificationConfig> configClass() {
        return TextClassificationConfig.class;
    }

    @Override
    public LoraDefaults loraDefaults() {
        return new LoraDefaults(List.of("query", "value"), List.of("classifier"));
    }

    @Override
    public Task createTask(TextClassificationConfig config, ExperimentContext context) throws Exception {
        Path backbone = config.backbone() == null ? null : context.resolve(config.backbone());
        return SequenceClassificationTask.builder()
                .setExamples(read(config, context))
                .setBackbone(TextBackbone.load(backbone, config.maxLength(), context.manager()))
                .setSplit(new StratifiedSplit(config.validationFraction(), config.testFraction()), context.seed())
                .optMaxExamples(config.maxExamples(), context.random("text-classification/subset"))
                .optBatching(config.batching())
                .optRunDirectory(context.runDirectory())
                .optConfigSection(id())
                .build();
    }

    private static List<TextExample> read(TextClassificationConfig config, ExperimentContext context) throws IOException {
        Path file = config.file() == null ? null : context.resolve(config.file());
        return config.dataset().read(context.dataDirectory(), file,
                new ColumnMapping(config.textColumn(), config.labelColumn(), config.textPairColumn(), config.header()));
    }
}
