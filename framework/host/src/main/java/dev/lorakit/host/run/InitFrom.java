package dev.lorakit.host.run;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.lorakit.host.config.ConfigException;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.train.checkpoint.Checkpoint;
import dev.lorakit.train.checkpoint.CheckpointContent;
import dev.lorakit.train.checkpoint.CheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code init_from}: base weights from an earlier run before LoRA is injected, e.g. a policy
 * trained on one environment adapted to another. The path is a run directory (its newest valid
 * checkpoint) or one checkpoint directory ({@code .../checkpoints/step-000500}); the checkpoint
 * must hold the whole model, not only an adapter.
 */
final class InitFrom {

    private InitFrom() {}

    static void load(Path path, Block model, NDManager manager) throws IOException {
        Checkpoint checkpoint = find(path).orElseThrow(() -> new ConfigException("init_from: " + path
                + " is neither a run directory with a valid checkpoint nor a valid checkpoint directory"));
        if (checkpoint.adapterOnly()) {
            throw new ConfigException("init_from: " + checkpoint.directory() + " holds only trainable parameters "
                    + "(checkpoint.adapter_only was true); base weights need a full checkpoint");
        }
        Map<String, Parameter> params = new LinkedHashMap<>();
        ModuleTree.namedParameters(model).forEach((name, p) -> {
            if (p.isInitialized()) {
                params.put(name, p);
            }
        });
        store(checkpoint.directory().getParent())
                .restore(checkpoint, new CheckpointContent(params, Map.of(), null, false), manager);
    }

    private static Optional<Checkpoint> find(Path path) throws IOException {
        Path checkpoints = path.resolve(RunFiles.CHECKPOINTS);
        if (Files.isDirectory(checkpoints)) {
            return store(checkpoints).latestValid();
        }
        if (Files.isDirectory(path) && path.getParent() != null) {
            Path dir = path.toAbsolutePath().normalize();
            return store(dir.getParent()).list().stream()
                    .filter(c -> c.directory().toAbsolutePath().normalize().equals(dir))
                    .findFirst();
        }
        return Optional.empty();
    }

    private static CheckpointStore store(Path directory) {
        return CheckpointStore.builder().setDirectory(directory).build();
    }
}
