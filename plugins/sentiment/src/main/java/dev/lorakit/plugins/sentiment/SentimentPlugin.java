package dev.lorakit.plugins.sentiment;

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
 * Sentiment classification, binary (sentence polarity) or fine-grained (any N-point scale from a
 * file), on a RoBERTa backbone when {@code sentiment.backbone} is a RoBERTa Hugging Face folder
 * and on the real all-MiniLM-L6-v2 otherwise. LoRA targets {@code query} and {@code value}; the
 * head {@code classifier} is trained in full ({@code modules_to_save}). Evaluations report
 * accuracy, macro-F1 (the main metric), loss and per-class accuracy.
 */
public final class SentimentPlugin implements TaskPlugin<SentimentConfig> {

    @Override
    public String id() {
        return SentimentConfig.SECTION;
    }

    @Override
    public String description() {
        return "Sentiment (sentence polarity or an N-point scale from a file) on MiniLM or RoBERTa,"
                + " LoRA on query/value";
    }

    @Override
    public Class<SentimentConfig> configClass() {
        return SentimentConfig.class;
    }

    @Override
    public LoraDefaults loraDefaults() {
        return new LoraDefaults(List.of("query", "value"), List.of("classifier"));
    }

    @Override
    public Task createTask(SentimentConfig config, ExperimentContext context) throws Exception {
        Path backbone = config.backbone() == null ? null : context.resolve(config.backbone());
        long splitSeed = config.splitSeed() == null ? context.seed() : config.splitSeed();
        return SequenceClassificationTask.builder()
                .setExamples(read(config, context))
                .setBackbone(TextBackbone.load(backbone, config.maxLength(), context.manager()))
                .setSplit(new StratifiedSplit(config.validationFraction(), config.testFraction()), splitSeed)
                .optMaxExamples(config.maxExamples(), context.random("sentiment/subset"))
                .optLabels(config.labels())
                .optPerClassMetrics(true)
                .optBatching(config.batching())
                .optRunDirectory(context.runDirectory())
                .optConfigSection(id())
                .build();
    }

    private static List<TextExample> read(SentimentConfig config, ExperimentContext context) throws IOException {
        Path file = config.file() == null ? null : context.resolve(config.file());
        return config.dataset().read(context.dataDirectory(), file,
                new ColumnMapping(config.textColumn(), config.labelColumn(), null, config.header()));
    }
}
