package dev.lorakit.host.run;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.host.config.ExperimentSpec;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.io.AtomicFiles;
import dev.lorakit.lora.io.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code export.merged}: the run's final model as one plain checkpoint, {@code
 * merged/model.safetensors} under the model's parameter names (the Hugging Face / torchvision
 * keys, {@link ModuleTree}), with the LoRA adapters merged into the weights they adapt, and
 * {@code merged/lorakit_merged.json} saying what it is. It loads where the base model's
 * weights load, with no LoRA code.
 */
final class MergedExport {

    /** The folder under the run directory. */
    static final String DIR = "merged";

    /** The weights file in {@link #DIR}. */
    static final String MODEL_FILE = "model.safetensors";

    /** The description file in {@link #DIR}. */
    static final String INFO_FILE = "lorakit_merged.json";

    private MergedExport() {}

    /**
     * Writes the merged model. A LoRA model is merged and unloaded first, so call this last.
     *
     * @param block the task's model
     * @param lora its adapters, or null for full fine-tuning
     * @param spec the experiment
     * @param pluginVersion the plugin's version, for the description
     * @param runDir the run directory
     * @param steps the optimizer updates the model had
     * @return the weights file
     * @throws IOException when writing fails; each file is replaced atomically
     */
    static Path write(Block block, LoraModel lora, ExperimentSpec spec, String pluginVersion, Path runDir, long steps)
            throws IOException {
        Block merged = lora != null ? lora.mergeAndUnload() : block;
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        long parameters = 0;
        for (Map.Entry<String, Parameter> e : ModuleTree.namedParameters(merged).entrySet()) {
            if (e.getValue().isInitialized()) {
                tensors.put(e.getKey(), e.getValue().getArray());
                parameters += e.getValue().getArray().size();
            }
        }
        Path dir = runDir.resolve(DIR);
        Path file = dir.resolve(MODEL_FILE);
        Safetensors.write(file, tensors, Map.of("format", "pt", "lorakit_plugin", spec.plugin()));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode info = json.createObjectNode();
        info.put("plugin", spec.plugin());
        info.put("plugin_version", pluginVersion);
        info.put("fine_tuning", lora != null ? "lora" : "full");
        info.put("steps", steps);
        info.put("tensors", tensors.size());
        info.put("parameters", parameters);
        if (lora != null) {
            ObjectNode merges = info.putObject("merged_lora");
            merges.put("r", spec.lora().config().r());
            merges.put("alpha", spec.lora().config().alpha());
            merges.set("target_modules", json.valueToTree(spec.lora().config().targetModules()));
        }
        AtomicFiles.writeString(dir.resolve(INFO_FILE), json.writeValueAsString(info) + "\n");
        return file;
    }
}
