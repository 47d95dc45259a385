package dev.lorakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.lorakit.host.config.ConfigException;
import dev.lorakit.host.config.ResolvedConfig;
import dev.lorakit.host.plugin.PluginRegistry;
import dev.lorakit.host.run.ExperimentRunner;
import dev.lorakit.train.checkpoint.RunExports;
import dev.lorakit.zoo.task.SequenceClassificationTask;
import dev.lorakit.zoo.task.TextPredictor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lorakit predict RUN_DIR TEXT... [--pair SECOND]...}: classifies texts with a
 * text-classification or sentiment run's saved adapter (the run's backbone, its {@code adapter/}
 * folder with the LoRA matrices and the head, and its {@code labels.json}). A run trained with a
 * {@code text_pair_column} takes one {@code --pair} per text, in order; other runs take none.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Print the label and class probabilities of each text, from a text-classification or"
                + " sentiment run's saved adapter.")
public final class PredictCommand implements Callable<Integer> {

    /** Between a text and its pair in the output. */
    private static final String PAIR_SEPARATOR = "  |  ";

    /** The plugins whose runs hold a sequence classifier. */
    static final Set<String> TEXT_PLUGINS = Set.of("text-classification", "sentiment");

    @Spec private CommandSpec spec;
    @Mixin private PluginSources plugins;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A finished text-classification or sentiment run.")
    private Path runDir;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT", description = "Texts to classify.")
    private List<String> texts;

    @Option(names = "--pair", paramLabel = "SECOND",
            description = "The second text of a pair, for runs trained with a text_pair_column: give one --pair per"
                    + " TEXT; the n-th --pair goes with the n-th TEXT.")
    private List<String> pairs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (pairs != null && pairs.size() != texts.size()) {
            throw new ParameterException(spec.commandLine(), texts.size() + " TEXT but " + pairs.size()
                    + " --pair: give one --pair per TEXT, in the same order");
        }
        try (PluginRegistry registry = plugins.load(spec.commandLine().getErr());
                TextPredictor predictor = predictor(runDir, ExperimentRunner.resolvedConfigOf(runDir, registry),
                        pairs != null)) {
            List<TextPredictor.Prediction> predictions =
                    pairs == null ? predictor.predict(texts) : predictor.predict(texts, pairs);
            List<String> classes = new ArrayList<>(predictions.get(0).probabilities().keySet());
            int width = Math.max(5, classes.stream().mapToInt(String::length).max().orElse(5));
            StringBuilder header = new StringBuilder(pad("label", width));
            classes.forEach(c -> header.append("  ").append(pad(c, width)));
            out.println(header.append(pairs == null ? "  text" : "  text" + PAIR_SEPARATOR + "pair"));
            for (TextPredictor.Prediction p : predictions) {
                StringBuilder row = new StringBuilder(pad(p.label(), width));
                for (String c : classes) {
                    row.append("  ").append(pad(String.format(Locale.ROOT, "%.4f", p.probabilities().get(c)), width));
                }
                row.append("  ").append(p.text());
                out.println(p.textPair() == null ? row : row.append(PAIR_SEPARATOR).append(p.textPair()));
            }
            out.flush();
            return 0;
        }
    }

    /**
     * The run's classifier, or a {@link ConfigException} saying why this run has none or why it
     * does not take what was given (pairs for a single-text run, single texts for a pair run).
     */
    static TextPredictor predictor(Path runDir, ResolvedConfig config, boolean withPairs) throws IOException {
        String plugin = config.spec().plugin();
        if (!TEXT_PLUGINS.contains(plugin)) {
            throw new ConfigException(runDir + " is a \"" + plugin + "\" run; predict works on runs of "
                    + TEXT_PLUGINS.stream().sorted().toList());
        }
        Path adapter = runDir.resolve(RunExports.ADAPTER_DIR);
        if (!Files.isRegularFile(adapter.resolve("adapter_config.json"))) {
            throw new ConfigException(runDir + " has no saved adapter (" + adapter + "/adapter_config.json): "
                    + (config.spec().lora().enabled() ? "the run has not finished" : "it is a full fine-tuning run (lora.enabled: false)"));
        }
        Path labelsFile = runDir.resolve(SequenceClassificationTask.LABELS_FILE);
        if (!Files.isRegularFile(labelsFile)) {
            throw new ConfigException(runDir + " has no " + SequenceClassificationTask.LABELS_FILE
                    + " (written by the plugin when the run starts)");
        }
        List<String> labels = new ArrayList<>();
        new ObjectMapper().readTree(labelsFile.toFile()).forEach(n -> labels.add(n.asText()));
        JsonNode section = new YAMLMapper()
                .readTree(runDir.resolve("config.resolved.yaml").toFile()).path(plugin);
        JsonNode backbone = section.path("backbone");
        JsonNode pairColumn = section.path("text_pair_column");
        boolean trainedOnPairs = pairColumn.isTextual();
        if (trainedOnPairs && !withPairs) {
            throw new ConfigException(runDir + " was trained on text pairs (" + plugin + ".text_pair_column: "
                    + pairColumn.asText() + "): give one --pair per text");
        }
        if (!trainedOnPairs && withPairs) {
            throw new ConfigException(runDir + " was trained on single texts (no " + plugin
                    + ".text_pair_column): --pair is not allowed");
        }
        return TextPredictor.builder()
                .optTextPairs(trainedOnPairs)
                .optBackbone(backbone.isTextual() ? resolve(config.file(), backbone.asText()) : null)
                .optMaxLength(section.path("max_length").asInt(128))
                .setLabels(labels)
                .setAdapter(adapter)
                .build();
    }

    /** A config path as the run resolved it: {@code ~} expanded, relative to the config file's folder. */
    private static Path resolve(Path configFile, String configured) {
        String expanded = configured.equals("~") || configured.startsWith("~/")
                ? System.getProperty("user.home") + configured.substring(1) : configured;
        Path p = Path.of(expanded);
        return p.isAbsolute() ? p.normalize() : configFile.toAbsolutePath().getParent().resolve(p).normalize();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
