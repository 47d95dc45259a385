package dev.lorakit.host.run;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.host.config.ConfigException;
import dev.lorakit.host.config.ConfigMapper;
import dev.lorakit.host.config.ExperimentConfigs;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.io.SafetensorsFile;
import dev.lorakit.lora.peft.PeftAdapters;
import dev.lorakit.lora.peft.PeftFormat;
import dev.lorakit.train.checkpoint.Checkpoint;
import dev.lorakit.train.checkpoint.CheckpointContent;
import dev.lorakit.train.checkpoint.CheckpointStore;
import dev.lorakit.zoo.vision.VisionWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code init_from}: the starting weights of a run, taken from an earlier run before this run's
 * LoRA is injected — e.g. a policy trained on one environment, adapted to another. The value is
 *
 * <ul>
 *   <li>a run directory: its newest checkpoint whose manifest verifies; with the suffix {@code
 *       @best}, the verified checkpoint with the best value of that run's main metric (from its
 *       {@code summary.json}), {@code @latest} being the default;
 *   <li>one checkpoint directory ({@code RUN/checkpoints/step-000500});
 *   <li>a PEFT adapter folder ({@code RUN/adapter}, or one from Hugging Face PEFT);
 *   <li>a safetensors file of the whole model under its parameter names, or a folder holding
 *       {@code model.safetensors} such as a run's {@code merged/} export: every parameter needs
 *       a tensor of its shape and every tensor a parameter.
 * </ul>
 *
 * <p>A checkpoint of a full fine-tuning run gives every weight. A checkpoint of a LoRA run (full
 * or {@code adapter_only}) and an adapter folder are applied the way they were trained: the
 * source's adapters are injected with the source's LoRA settings (its {@code
 * config.resolved.yaml} or {@code adapter_config.json}), loaded and merged into the base weights,
 * so the model starts as the source run ended; this run's fresh adapters then go on top.
 * Adapter-only sources give only what the source trained (its adapters and {@code
 * modules_to_save}, or a full run's unfrozen parameters) and keep the other weights as this run's
 * plugin builds them, so they fit only when the plugin builds the same base (a pretrained
 * backbone, or a random one from the same seed and settings).
 */
final class InitFrom {

    /** Suffix choosing a run's best checkpoint instead of its newest. */
    static final String BEST = "@best";

    /** Suffix choosing a run's newest valid checkpoint (the default). */
    static final String LATEST = "@latest";

    private InitFrom() {}

    /**
     * Loads the starting weights into a model.
     *
     * @param configured the {@code init_from} value as written in the config
     * @param resolve turns a configured path into a file path (relative to the config file)
     * @param model the task's model, initialised, without adapters
     * @param manager a manager for temporary arrays
     * @return the checkpoint or adapter directory the weights came from
     * @throws ConfigException naming the path and the reason when it cannot be used
     */
    static Path load(String configured, Function<String, Path> resolve, Block model, NDManager manager) {
        boolean best = configured.endsWith(BEST);
        String pathText = best || configured.endsWith(LATEST)
                ? configured.substring(0, configured.lastIndexOf('@'))
                : configured;
        Path path = resolve.apply(pathText);
        try {
            Path weights = Files.isDirectory(path) ? path.resolve(MergedExport.MODEL_FILE) : path;
            if (Files.isRegularFile(weights) && weights.getFileName().toString().endsWith(".safetensors")) {
                if (best) {
                    throw error(configured, path + " is a weights file; " + BEST + " applies to run directories");
                }
                VisionWeights.load(model, weights, key -> false);
                return weights;
            }
            if (Files.isRegularFile(path.resolve(PeftFormat.CONFIG_FILE))) {
                if (best) {
                    throw error(configured, path + " is an adapter folder; " + BEST + " applies to run directories");
                }
                PeftAdapters.load(model, path).mergeAndUnload();
                return path;
            }
            Checkpoint checkpoint = best ? bestOf(path, configured) : find(path, configured);
            loadCheckpoint(checkpoint, model, manager);
            return checkpoint.directory();
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw error(configured, path + " does not fit this model: " + e.getMessage());
        }
    }

    private static void loadCheckpoint(Checkpoint checkpoint, Block model, NDManager manager) throws IOException {
        Path dir = checkpoint.directory();
        java.util.Set<String> saved;
        try (SafetensorsFile file = SafetensorsFile.open(dir.resolve("parameters.safetensors"))) {
            saved = file.names();
        }
        LoraModel source = saved.stream().anyMatch(n -> n.contains(".lora_"))
                ? LoraModel.builder().setBlock(model).setConfig(sourceLoraConfig(dir)).build()
                : null;
        // A full checkpoint must fit every weight. An adapter-only one gives what the source
        // trained (its adapters, or a full run's unfrozen parameters); the rest stays as the
        // plugin built it.
        Map<String, Parameter> params = new LinkedHashMap<>();
        ModuleTree.namedParameters(model).forEach((name, p) -> {
            if (p.isInitialized() && (!checkpoint.adapterOnly() || saved.contains(name))) {
                params.put(name, p);
            }
        });
        if (params.isEmpty()) {
            throw new IOException(dir + " holds none of this model's parameters");
        }
        CheckpointStore.builder().setDirectory(dir.getParent()).build().restore(checkpoint,
                new CheckpointContent(params, Map.of(), null, checkpoint.adapterOnly()), manager);
        if (source != null) {
            source.mergeAndUnload();
        }
    }

    /** The {@code lora:} section of the run that wrote a checkpoint. */
    private static LoraConfig sourceLoraConfig(Path checkpointDir) throws IOException {
        Path file = checkpointDir.resolve(RunFiles.RESOLVED_CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new IOException(checkpointDir + " holds LoRA adapters but no " + RunFiles.RESOLVED_CONFIG
                    + " giving their settings");
        }
        ObjectNode root = ExperimentConfigs.read(file);
        JsonNode node = root.get("lora");
        ObjectNode settings = node != null && node.isObject() ? ((ObjectNode) node).deepCopy()
                : ConfigMapper.YAML.createObjectNode();
        settings.remove("enabled");
        return ConfigMapper.bind(settings, LoraConfig.class, file.toString(), "lora");
    }

    private static Checkpoint find(Path path, String configured) throws IOException {
        Path checkpoints = path.resolve(RunFiles.CHECKPOINTS);
        if (Files.isDirectory(checkpoints)) {
            CheckpointStore store = CheckpointStore.builder().setDirectory(checkpoints).build();
            return store.latestValid().orElseThrow(() -> error(configured, path + " is a run directory without a "
                    + "valid checkpoint" + problems(store.problems())));
        }
        if (Files.isDirectory(path) && path.getParent() != null) {
            Path dir = path.toAbsolutePath().normalize();
            Optional<String> problem = CheckpointStore.verify(dir);
            if (problem.isEmpty()) {
                return CheckpointStore.builder().setDirectory(dir.getParent()).build().list().stream()
                        .filter(c -> c.directory().toAbsolutePath().normalize().equals(dir))
                        .findFirst()
                        .orElseThrow(() -> error(configured, dir + " is not a checkpoint directory (step-NNNNNN)"));
            }
            throw error(configured, path + " is neither a run directory (no " + RunFiles.CHECKPOINTS
                    + "/), an adapter folder (no " + PeftFormat.CONFIG_FILE + ") nor a valid checkpoint ("
                    + problem.get() + ")");
        }
        throw error(configured, path + " does not exist");
    }

    private static Checkpoint bestOf(Path runDir, String configured) throws IOException {
        Path summaryFile = runDir.resolve(RunFiles.SUMMARY);
        if (!Files.isRegularFile(summaryFile)) {
            throw error(configured, runDir + " has no " + RunFiles.SUMMARY + " naming its main metric (" + BEST
                    + " needs a finished run directory)");
        }
        JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
        String metric = summary.path("main_metric").asText();
        boolean higher = summary.path("higher_is_better").asBoolean(true);
        CheckpointStore store = CheckpointStore.builder().setDirectory(runDir.resolve(RunFiles.CHECKPOINTS)).build();
        Comparator<Checkpoint> byValue = Comparator.comparingDouble(c -> c.metrics().get(metric));
        List<Checkpoint> ranked = store.list().stream()
                .filter(c -> c.metrics().containsKey(metric))
                .filter(c -> CheckpointStore.verify(c.directory()).isEmpty())
                .sorted(higher ? byValue.reversed() : byValue)
                .toList();
        if (ranked.isEmpty()) {
            throw error(configured, runDir + " has no valid checkpoint with a value of " + metric);
        }
        return ranked.get(0);
    }

    private static String problems(List<String> problems) {
        return problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")";
    }

    private static ConfigException error(String configured, String reason) {
        // One line, whatever the underlying message looks like.
        return new ConfigException("init_from: " + configured + ": " + reason.strip().replaceAll("\\s*\\R\\s*", "; "));
    }
}
