package dev.lorakit.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lorakit.api.ExperimentContext;
import dev.lorakit.api.ReinforcementTask;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.plugins.dqn.DqnConfig;
import dev.lorakit.plugins.dqn.DqnPlugin;
import dev.lorakit.plugins.dqn.DqnSummary;
import dev.lorakit.train.DefaultLearner;
import dev.lorakit.train.DefaultRlRuntime;
import dev.lorakit.train.optim.AdamWConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** Runs the DQN plugin from a shipped config the way the host does, for the DQN benchmarks. */
final class DqnRuns {

    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private DqnRuns() {}

    /** A config file's parts the benchmark uses. */
    record Experiment(DqnConfig dqn, double lr, double gradClipNorm, Integer loraRank, Double loraAlpha) {}

    static Experiment read(Path file, String pretrained) throws Exception {
        JsonNode root = YAML.readTree(file.toFile());
        ObjectNode dqn = (ObjectNode) root.get("dqn");
        if (pretrained != null) {
            dqn.put("pretrained", pretrained);
        }
        JsonNode trainer = root.path("trainer");
        JsonNode lora = root.path("lora");
        boolean loraOn = lora.isObject() && !lora.path("enabled").isBoolean() || lora.path("enabled").asBoolean(false);
        return new Experiment(
                YAML.treeToValue(dqn, DqnConfig.class),
                trainer.path("optimizer").path("lr").asDouble(1e-3),
                trainer.path("grad_clip_norm").asDouble(0),
                loraOn ? lora.path("r").asInt(8) : null,
                loraOn ? lora.path("alpha").asDouble(8) : null);
    }

    /** Trains one run into {@code runDir} and returns its summary. */
    static DqnSummary run(Experiment experiment, Path runDir, long seed) throws Exception {
        Files.createDirectories(runDir);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                ReinforcementTask task = (ReinforcementTask) new DqnPlugin()
                        .createTask(experiment.dqn(), new Context(runDir, seed, manager))) {
            if (experiment.loraRank() != null) {
                LoraModel.builder()
                        .setBlock(task.model())
                        .setConfig(LoraConfig.of(new DqnPlugin().loraDefaults().targetModules().toArray(String[]::new))
                                .withR(experiment.loraRank()).withAlpha(experiment.loraAlpha()))
                        .optSeed(seed)
                        .build();
                task.model().initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, task.inputShapes());
            }
            task.onModelReady(task.model());
            try (DefaultLearner learner = DefaultLearner.builder()
                            .setModel(task.model())
                            .setOptimizer(AdamWConfig.of(experiment.lr(), null, null, 0.0).newOptimizer(manager))
                            .optGradClipNorm(experiment.gradClipNorm())
                            .setSeed(seed)
                            .build();
                    DefaultRlRuntime runtime = DefaultRlRuntime.builder().setLearner(learner).setTask(task).build()) {
                runtime.run();
            }
        }
        return DqnSummary.read(runDir.resolve("dqn-summary.json"));
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    /** A run context over a run directory; relative config paths resolve against the repo root. */
    private record Context(Path runDirectory, long seed, NDManager manager) implements ExperimentContext {
        @Override
        public Random random(String component) {
            return new Random(seed * 1_000_003L + component.hashCode());
        }

        @Override
        public Device[] devices() {
            return new Device[] {Device.cpu()};
        }

        @Override
        public Path resolve(String configured) {
            return Path.of(configured).toAbsolutePath();
        }

        @Override
        public Path dataDirectory() {
            return runDirectory.resolve("data");
        }
    }
}
