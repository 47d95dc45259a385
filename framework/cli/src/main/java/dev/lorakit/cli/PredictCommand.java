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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lorakit predict RUN_DIR TEXT...}: classifies texts with a text-classification or
 * sentiment run's saved adapter (the run's backbone, its {@code adapter/} folder with the LoRA
 * matrices and the head, and its {@code labels.json}).
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Print the label and class probabilities of each text, from a text-classification or"
                + " sentiment run's saved adapter.")
public final class PredictCommand implements Callable<Integer> {

    /** The plugins whose runs hold a sequence classifier. */
    static final Set<String> TEXT_PLUGINS = Set.of("text-classification", "sentiment");

    @Spec private CommandSpec spec;
    @Mixin private PluginSources plugins;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A finished text-classification or sentiment run.")
    private Path runDir;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT", description = "Texts to classify.")
    private List<String> texts;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (PluginRegistry registry = plugins.load(spec.commandLine().getErr());
                TextPredictor predictor = predictor(runDir, ExperimentRunner.resolvedConfigOf(runDir, registry))) {
            List<TextPredictor.Prediction> predictions = predictor.predict(texts);
            List<String> classes = new ArrayList<>(predictions.get(0).probabilities().keySet());
            int width = Math.max(5, classes.stream().mapToInt(String::length).max().orElse(5));
            StringBuilder header = new StringBuilder(pad("label", width));
            classes.forEach(c -> header.append("  ").append(pad(c, width)));
            out.println(header.append("  text"));
            for (TextPredictor.Prediction p : predictions) {
                StringBuilder row = new StringBuilder(pad(p.label(), width));
                for (String c : classes) {
                    row.append("  ").append(pad(String.format(Locale.ROOT, "%.4f", p.probabilities().get(c)), width));
                }
                out.println(row.append("  ").append(p.text()));
            }
            out.flush();
            return 0;
        }
    }

    /** The run's classifier, or a {@link ConfigException} saying why this run has none. */
    static TextPredictor predictor(Path runDir, ResolvedConfig config) throws IOException {
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
        return TextPredictor.builder()
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
