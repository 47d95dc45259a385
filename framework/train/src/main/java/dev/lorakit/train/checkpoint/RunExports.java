package dev.lorakit.train.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.io.Safetensors;
import dev.lorakit.lora.peft.PeftAdapters;
import dev.lorakit.lora.peft.PeftMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a finished run exports: its adapters in Hugging Face PEFT format, and the base model with
 * the adapters merged in. To export a checkpoint rather than the final state, restore it with
 * {@link CheckpointStore#restore} first.
 *
 * <pre>{@code
 * RunExports.peftAdapter(loraModel, runDir, new PeftMetadata("sentence-transformers/all-MiniLM-L6-v2", "SEQ_CLS"));
 * RunExports.mergedModel(loraModel, runDir);   // last: the LoRA model is unusable afterwards
 * }</pre>
 */
public final class RunExports {

    /** Folder of the PEFT adapter under the run directory. */
    public static final String ADAPTER_DIR = "adapter";

    /** File of the merged model under the run directory. */
    public static final String MERGED_FILE = "merged/model.safetensors";

    private RunExports() {}

    /**
     * Writes {@code RUN/adapter/} ({@code adapter_config.json} + {@code
     * adapter_model.safetensors}; further adapters in sub-folders, as PEFT does), loadable by
     * {@code PeftModel.from_pretrained} on the same base model.
     *
     * @param model the LoRA model
     * @param runDir the run directory
     * @param meta base model name and PEFT task type for the config
     * @return the adapter folder
     * @throws IOException when writing fails
     */
    public static Path peftAdapter(LoraModel model, Path runDir, PeftMetadata meta) throws IOException {
        Path dir = runDir.resolve(ADAPTER_DIR);
        PeftAdapters.save(model, dir, meta);
        return dir;
    }

    /**
     * Merges the active adapters into their base layers, puts the plain layers back and writes
     * every parameter under the base model's names to {@code RUN/merged/model.safetensors} (the
     * keys of a Hugging Face / torchvision checkpoint of the base model). The LoRA model is
     * unusable afterwards, so call this last.
     *
     * @param model the LoRA model
     * @param runDir the run directory
     * @return the written file
     * @throws IOException when writing fails
     */
    public static Path mergedModel(LoraModel model, Path runDir) throws IOException {
        Block merged = model.mergeAndUnload();
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : ModuleTree.namedParameters(merged).entrySet()) {
            if (e.getValue().isInitialized()) {
                tensors.put(e.getKey(), e.getValue().getArray());
            }
        }
        Path file = runDir.resolve(MERGED_FILE);
        Safetensors.write(file, tensors, Map.of("format", "pt"));
        return file;
    }
}
